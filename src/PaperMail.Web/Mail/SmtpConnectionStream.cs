using System.Net.Sockets;

namespace PaperMail.Web.Mail;

/// <summary>
/// The stream a pooled MailKit client talks through. It gathers writes until the protocol waits for an answer (on
/// flush, when the buffer is full, or before any read): MailKit writes a message in 4 KB pieces, one socket send each,
/// so a 43 KB digest took ~11 sends where 1–2 do, and smtp-sink needed half the reads. And, since it replaces the
/// stream MailKit would build on the socket, it enforces MailKit's per-operation timeout (<c>SmtpClient.Timeout</c>,
/// set as <see cref="ReadTimeout"/>/<see cref="WriteTimeout"/>) as MailKit's own does: on async reads and writes with a
/// timer, on sync ones (the pool's) through the socket's own timeouts. Either way a timeout is a
/// <see cref="TimeoutException"/> (which an SslStream above it wraps in an IOException).
/// </summary>
/// <remarks>Flushing before a read keeps it safe for any request/response protocol: nothing we wrote can be held
/// back while we wait for the reply to it. Used by one client at a time, like the client itself.</remarks>
internal sealed class SmtpConnectionStream(Stream inner, int bufferSize = 64 * 1024) : Stream
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _count;
    private CancellationTokenSource _timeout = new();
    private int _readTimeout = Timeout.Infinite;
    private int _writeTimeout = Timeout.Infinite;

    public override bool CanRead => inner.CanRead;
    public override bool CanWrite => inner.CanWrite;
    public override bool CanSeek => false;
    public override bool CanTimeout => true;

    /// <summary>Kept for async reads, and passed on to the socket for sync ones.</summary>
    public override int ReadTimeout
    {
        get => _readTimeout;
        set
        {
            _readTimeout = value;
            if (inner.CanTimeout) inner.ReadTimeout = value;
        }
    }

    public override int WriteTimeout
    {
        get => _writeTimeout;
        set
        {
            _writeTimeout = value;
            if (inner.CanTimeout) inner.WriteTimeout = value;
        }
    }

    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_count + buffer.Length > _buffer.Length)
        {
            FlushBuffer();
            if (buffer.Length >= _buffer.Length)
            {
                WriteInner(buffer);
                return;
            }
        }

        buffer.CopyTo(_buffer.AsSpan(_count));
        _count += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_count + buffer.Length > _buffer.Length)
        {
            await FlushBufferAsync(cancellationToken);
            if (buffer.Length >= _buffer.Length)
            {
                await WriteInnerAsync(buffer, cancellationToken);
                return;
            }
        }

        buffer.Span.CopyTo(_buffer.AsSpan(_count));
        _count += buffer.Length;
    }

    public override void Flush()
    {
        FlushBuffer();
        inner.Flush();
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await FlushBufferAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        FlushBuffer();
        try
        {
            return inner.Read(buffer);
        }
        catch (IOException exception) when (IsSocketTimeout(exception))
        {
            throw new TimeoutException($"No answer within {ReadTimeout} ms", exception);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await FlushBufferAsync(cancellationToken);
        var token = StartTimeout(ReadTimeout, cancellationToken, out var registration);
        try
        {
            return await inner.ReadAsync(buffer, token);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer within {ReadTimeout} ms", exception);
        }
        finally
        {
            EndTimeout(registration);
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void FlushBuffer()
    {
        if (_count == 0) return;
        var count = _count;
        _count = 0;
        WriteInner(_buffer.AsSpan(0, count));
    }

    private void WriteInner(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (IOException exception) when (IsSocketTimeout(exception))
        {
            throw new TimeoutException($"Could not write within {WriteTimeout} ms", exception);
        }
    }

    private static bool IsSocketTimeout(IOException exception) =>
        exception.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock };

    private async ValueTask FlushBufferAsync(CancellationToken cancellationToken)
    {
        if (_count == 0) return;
        var count = _count;
        _count = 0;
        await WriteInnerAsync(_buffer.AsMemory(0, count), cancellationToken);
    }

    private async ValueTask WriteInnerAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        var token = StartTimeout(WriteTimeout, cancellationToken, out var registration);
        try
        {
            await inner.WriteAsync(buffer, token);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Could not write within {WriteTimeout} ms", exception);
        }
        finally
        {
            EndTimeout(registration);
        }
    }

    /// <summary>
    /// One timer reused across operations (a new one per 4 KB write was MailKit's cost); the caller's token cancels
    /// it too, so the operation needs a single token.
    /// </summary>
    private CancellationToken StartTimeout(int milliseconds, CancellationToken cancellationToken, out CancellationTokenRegistration registration)
    {
        registration = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _timeout);
        if (milliseconds != Timeout.Infinite) _timeout.CancelAfter(milliseconds);
        return _timeout.Token;
    }

    private void EndTimeout(CancellationTokenRegistration registration)
    {
        registration.Dispose();
        if (!_timeout.TryReset())
        {
            _timeout.Dispose();
            _timeout = new CancellationTokenSource();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _timeout.Dispose();
        }

        base.Dispose(disposing);
    }
}
