namespace PaperMail.Web.Mail;

/// <summary>
/// Passes text on tidied for a plain-text email, as it is written: whitespace at the end of a line goes, a run of
/// blank lines becomes one, none at either end, line ends become CRLF. A text template renders through it, so Razor's
/// indentation and the blank lines of its skipped branches never reach the mail, without holding the whole text first.
/// </summary>
/// <remarks>Call <see cref="Complete"/> after the last write: it ends the last line.</remarks>
public sealed class TidyTextWriter(TextWriter output) : TextWriter
{
    private char[] _whitespace = new char[64]; // held until the line goes on (kept) or ends (dropped)
    private int _whitespaceLength;
    private int _lineBreaks; // line ends since the last text written
    private bool _written;

    public override System.Text.Encoding Encoding => output.Encoding;

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> chars)
    {
        while (!chars.IsEmpty)
        {
            var end = chars.IndexOf('\n');
            var piece = end < 0 ? chars : chars[..end];
            var text = piece.TrimEnd();
            if (!text.IsEmpty) WriteText(_written ? text : text.TrimStart());
            HoldWhitespace(piece[text.Length..]);
            if (end < 0) return;

            // The line ended: what whitespace it ended with goes.
            _whitespaceLength = 0;
            _lineBreaks++;
            chars = chars[(end + 1)..];
        }
    }

    /// <summary>Ends the last line.</summary>
    public void Complete() => output.Write("\r\n");

    private void WriteText(ReadOnlySpan<char> text)
    {
        // Held whitespace is the indentation of this line, or the gap before this text on it; before the first
        // text, it is leading whitespace, which goes.
        if (_written)
        {
            if (_lineBreaks > 0) output.Write(_lineBreaks == 1 ? "\r\n" : "\r\n\r\n");
            output.Write(_whitespace.AsSpan(0, _whitespaceLength));
        }

        output.Write(text);
        _written = true;
        _lineBreaks = 0;
        _whitespaceLength = 0;
    }

    private void HoldWhitespace(ReadOnlySpan<char> whitespace)
    {
        if (whitespace.IsEmpty) return;
        if (_whitespaceLength + whitespace.Length > _whitespace.Length) Array.Resize(ref _whitespace, Math.Max(_whitespace.Length * 2, _whitespaceLength + whitespace.Length));
        whitespace.CopyTo(_whitespace.AsSpan(_whitespaceLength));
        _whitespaceLength += whitespace.Length;
    }
}
