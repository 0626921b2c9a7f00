using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace PaperMail.Web.Mail;

/// <summary>
/// Encodes text as it is written into UTF-8 quoted-printable (RFC 2045) with CRLF line ends, ready to go on the wire.
/// The digest templates render straight into it, so a digest never exists as one string, then as UTF-8, then encoded.
/// </summary>
/// <remarks>
/// Written by hand because MimeKit's encoder, which works byte by byte after a separate UTF-8 pass, was a large share
/// of the CPU a digest cost. Mail is mostly printable ASCII, so this one finds and copies runs of it with vector
/// instructions (the `-- qp` benchmark compares the two; figures in docs/performance.md).
/// Any of CRLF, LF or a lone CR is a line break; a space or tab before a line break is encoded so that no relay
/// strips it; every line, with its soft-break '=', is at most 76 characters.
/// </remarks>
public sealed class QuotedPrintableWriter : TextWriter
{
    private const int MaxContent = 75; // characters before a soft break's '=', which makes 76
    private const int PendingChars = 4096;
    private static readonly SearchValues<byte> LiteralBytes = SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);
    private static ReadOnlySpan<byte> Hex => "0123456789ABCDEF"u8;

    private char[]? _pending = ArrayPool<char>.Shared.Rent(PendingChars); // text written, not yet encoded: encoded in large runs
    private int _pendingLength;
    private byte[]? _utf8; // the pending text in UTF-8, while it is encoded
    private byte[]? _output;
    private int _length;
    private int _column;
    private bool _afterCarriageReturn;

    /// <param name="expectedChars">About how much text will be written: the output buffer starts at that size.</param>
    public QuotedPrintableWriter(int expectedChars = 4096) =>
        _output = ArrayPool<byte>.Shared.Rent(Math.Max(256, expectedChars + expectedChars / 4));

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        var pending = Pending;
        if (_pendingLength == pending.Length) EncodePending(final: false);
        pending[_pendingLength++] = value;
    }

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> chars)
    {
        var pending = Pending;
        // A renderer writes thousands of short pieces per email (a tag name, a quote, a value): those fit at once.
        if (chars.Length <= pending.Length - _pendingLength)
        {
            chars.CopyTo(pending.AsSpan(_pendingLength));
            _pendingLength += chars.Length;
            return;
        }

        while (!chars.IsEmpty)
        {
            if (_pendingLength == pending.Length) EncodePending(final: false);
            var n = Math.Min(chars.Length, pending.Length - _pendingLength);
            chars[..n].CopyTo(pending.AsSpan(_pendingLength));
            _pendingLength += n;
            chars = chars[n..];
        }
    }

    /// <summary>
    /// Everything written, encoded, as a stream positioned at its start; the writer cannot be used after. The stream
    /// owns a pooled buffer: disposing it (disposing the message it is the content of) gives the buffer back.
    /// </summary>
    public Stream ToStream()
    {
        EncodePending(final: true);
        EnsureRoom(6);
        _length = ProtectTrailingWhitespace(_output!, _length, ref _column);
        var output = _output!;
        _output = null;
        ReturnPending();
        return new PooledBufferStream(output, _length);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReturnPending();
            if (_output is { } output) ArrayPool<byte>.Shared.Return(output);
            _output = null;
        }

        base.Dispose(disposing);
    }

    private char[] Pending => _pending ?? throw new ObjectDisposedException(nameof(QuotedPrintableWriter), "The encoded text was already taken.");

    private void ReturnPending()
    {
        if (_pending is { } pending) ArrayPool<char>.Shared.Return(pending);
        if (_utf8 is { } utf8) ArrayPool<byte>.Shared.Return(utf8);
        _pending = null;
        _utf8 = null;
    }

    private void EncodePending(bool final)
    {
        var pending = Pending;
        var text = pending.AsSpan(0, _pendingLength);
        // A high surrogate at the end of the buffer waits for its low half, unless nothing more is coming.
        var keep = !final && text.Length > 0 && char.IsHighSurrogate(text[^1]) ? 1 : 0;
        Encode(text[..^keep]);
        if (keep == 1) pending[0] = text[^1];
        _pendingLength = keep;
    }

    /// <summary>
    /// Transcodes the text to UTF-8 in one vectorised pass, then encodes the bytes: runs of printable ASCII are
    /// copied, everything else is a line break or an escape. Working on bytes keeps the per-escape work to a table
    /// lookup; a lone surrogate becomes U+FFFD.
    /// </summary>
    private void Encode(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        var utf8 = _utf8 ??= ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(Pending.Length));
        Utf8.FromUtf16(text, utf8, out _, out var byteCount, replaceInvalidSequences: true, isFinalBlock: true);
        var bytes = utf8.AsSpan(0, byteCount);
        // At most 3 bytes out per byte in (an escape), plus a soft break per 24 bytes in: 4 per byte is enough.
        EnsureRoom(byteCount * 4 + 16);
        var output = _output!;
        var length = _length;
        var column = _column;
        var afterCarriageReturn = _afterCarriageReturn;
        while (!bytes.IsEmpty)
        {
            var run = bytes.IndexOfAnyExcept(LiteralBytes);
            if (run < 0) run = bytes.Length;
            if (run > 0)
            {
                afterCarriageReturn = false;
                var literal = bytes[..run];
                while (true)
                {
                    var n = Math.Min(literal.Length, MaxContent - column);
                    literal[..n].CopyTo(output.AsSpan(length));
                    length += n;
                    column += n;
                    literal = literal[n..];
                    if (literal.IsEmpty) break;
                    output[length] = (byte)'=';
                    output[length + 1] = (byte)'\r';
                    output[length + 2] = (byte)'\n';
                    length += 3;
                    column = 0;
                }

                bytes = bytes[run..];
                if (bytes.IsEmpty) break;
            }

            var b = bytes[0];
            bytes = bytes[1..];
            if (b is (byte)'\r' or (byte)'\n')
            {
                // CRLF is one break: the LF after a CR was already written.
                if (b == '\n' && afterCarriageReturn)
                {
                    afterCarriageReturn = false;
                    continue;
                }

                afterCarriageReturn = b == '\r';
                length = ProtectTrailingWhitespace(output, length, ref column);
                output[length] = (byte)'\r';
                output[length + 1] = (byte)'\n';
                length += 2;
                column = 0;
                continue;
            }

            afterCarriageReturn = false;
            length = Escape(output, length, ref column, b);
        }

        _length = length;
        _column = column;
        _afterCarriageReturn = afterCarriageReturn;
    }

    /// <summary>
    /// A space or tab that ends a line is encoded: relays may strip trailing whitespace. Needs 6 bytes of room (the
    /// escape may need a soft break first). Returns the new length.
    /// </summary>
    private static int ProtectTrailingWhitespace(byte[] output, int length, ref int column)
    {
        if (column == 0 || output[length - 1] is not ((byte)' ' or (byte)'\t')) return length;
        var whitespace = output[--length];
        column--;
        return Escape(output, length, ref column, whitespace);
    }

    /// <summary>Writes "=XX", after a soft break if the line has no room for it; returns the new length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Escape(byte[] output, int length, ref int column, byte value)
    {
        if (column + 3 > MaxContent)
        {
            output[length] = (byte)'=';
            output[length + 1] = (byte)'\r';
            output[length + 2] = (byte)'\n';
            length += 3;
            column = 0;
        }

        output[length] = (byte)'=';
        output[length + 1] = Hex[value >> 4];
        output[length + 2] = Hex[value & 0xF];
        column += 3;
        return length + 3;
    }

    private void EnsureRoom(int bytes)
    {
        var output = _output!;
        if (_length + bytes + 3 <= output.Length) return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(output.Length * 2, _length + bytes + 3));
        output.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(output);
        _output = larger;
    }

    /// <summary>A read-only view of a pooled buffer that returns it when disposed.</summary>
    private sealed class PooledBufferStream(byte[] buffer, int length) : MemoryStream(buffer, 0, length, writable: false, publiclyVisible: true)
    {
        private byte[]? _buffer = buffer;

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing && Interlocked.Exchange(ref _buffer, null) is { } returned) ArrayPool<byte>.Shared.Return(returned);
        }
    }
}
