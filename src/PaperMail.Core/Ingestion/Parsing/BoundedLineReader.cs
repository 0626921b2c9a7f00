using System.Text;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>
/// Reads UTF-8 lines like <see cref="StreamReader.ReadLineAsync(CancellationToken)"/>, but never holds more than
/// <c>maxChars</c> of one line: the rest of a longer line is read past, and the line comes back empty with
/// <see cref="LastLineTooLong"/> set.
/// </summary>
internal sealed class BoundedLineReader(Stream stream, int maxChars) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _filled;
    private bool _pendingCarriageReturn;

    public bool LastLineTooLong { get; private set; }

    /// <summary>The next line without its terminator, or null at the end.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        _line.Clear();
        LastLineTooLong = false;
        var any = false;
        while (true)
        {
            if (_position == _filled)
            {
                _filled = await _reader.ReadAsync(_buffer.AsMemory(), ct);
                _position = 0;
                if (_filled == 0) return any ? Finish() : null;
            }
            if (_pendingCarriageReturn)
            {
                // "\r\n" is one terminator.
                _pendingCarriageReturn = false;
                if (_buffer[_position] == '\n') _position++;
                continue;
            }
            any = true;
            var span = _buffer.AsSpan(_position, _filled - _position);
            var end = span.IndexOfAny('\n', '\r');
            var take = end < 0 ? span.Length : end;
            if (!LastLineTooLong)
            {
                if (_line.Length + take > maxChars)
                {
                    LastLineTooLong = true;
                    _line.Clear();
                }
                else
                {
                    _line.Append(span[..take]);
                }
            }
            _position += take;
            if (end < 0) continue;
            _pendingCarriageReturn = _buffer[_position] == '\r';
            _position++;
            return Finish();
        }
    }

    private string Finish() => LastLineTooLong ? "" : _line.ToString();

    public void Dispose() => _reader.Dispose();
}
