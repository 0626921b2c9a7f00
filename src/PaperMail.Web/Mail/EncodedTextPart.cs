using MimeKit;

namespace PaperMail.Web.Mail;

/// <summary>
/// A UTF-8 text part whose content is already quoted-printable with CRLF line ends (<see cref="QuotedPrintableWriter"/>).
/// Written with CRLF — on the SMTP connection, to measure it for SIZE, to hash it for DKIM — its bytes are copied as
/// they are, without MimeKit's line-ending filter, which looked at every byte of every send. Written any other way, it is a plain <see cref="TextPart"/>.
/// </summary>
/// <remarks>
/// Only for parts inside a multipart, as <see cref="EmailMime"/> builds them: MimeKit ends a message whose body is a
/// single part with a line break, and this copy would not add one.
/// </remarks>
internal sealed class EncodedTextPart : TextPart
{
    public EncodedTextPart(string subtype, Stream quotedPrintableCrlf) : base(subtype)
    {
        ContentTransferEncoding = ContentEncoding.QuotedPrintable;
        Content = new MimeContent(quotedPrintableCrlf, ContentEncoding.QuotedPrintable);
        ContentType.Charset = "utf-8";
    }

    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        if (!CopiesAsIs(options))
        {
            base.WriteTo(options, stream, contentOnly, cancellationToken);
            return;
        }

        if (!contentOnly) Headers.WriteTo(options, stream, cancellationToken);
        Content!.WriteTo(stream, cancellationToken);
    }

    public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        if (!CopiesAsIs(options))
        {
            await base.WriteToAsync(options, stream, contentOnly, cancellationToken);
            return;
        }

        if (!contentOnly) await Headers.WriteToAsync(options, stream, cancellationToken);
        await Content!.WriteToAsync(stream, cancellationToken);
    }

    /// <summary>CRLF output of content still in its own encoding: MimeKit's filter would change nothing.</summary>
    private bool CopiesAsIs(FormatOptions options) =>
        options.NewLineFormat == NewLineFormat.Dos
        && Content is { Encoding: ContentEncoding.QuotedPrintable }
        && ContentTransferEncoding == ContentEncoding.QuotedPrintable;
}
