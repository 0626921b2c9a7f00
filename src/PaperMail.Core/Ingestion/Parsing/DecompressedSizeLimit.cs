namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>
/// Reads a decompressing stream and throws once more than the limit came out of it: an
/// <see cref="InvalidDataException"/> (so every parser stops on it as on corrupt data) marked <see cref="IsTooLarge"/>.
/// </summary>
internal sealed class DecompressedSizeLimit(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _read += read;
        if (_read > limit)
        {
            throw new InvalidDataException($"the document expands to more than {limit / (1024 * 1024)} MB") { Data = { [TooLargeKey] = true } };
        }
        return read;
    }

    private const string TooLargeKey = "PaperMail.DocumentTooLarge";

    public static bool IsTooLarge(Exception exception) => exception.Data.Contains(TooLargeKey);

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
