using System.Text;
using PaperMail.Web.Mail;

namespace PaperMail.Tests.Delivery;

/// <summary>
/// The pool's connections gather MailKit's 4 KB writes into one socket send per round trip; nothing written may be
/// held back once the client waits for an answer.
/// </summary>
public sealed class SmtpConnectionStreamTests
{
    [Fact]
    public async Task WritesGoOutAsOneSendWhenFlushed()
    {
        var connection = new RecordingStream();
        await using var stream = new SmtpConnectionStream(connection, bufferSize: 1024);

        await stream.WriteAsync("MAIL FROM:<a@example.org>\r\n"u8.ToArray());
        await stream.WriteAsync("RCPT TO:<b@example.org>\r\n"u8.ToArray());
        Assert.Empty(connection.Log);
        await stream.FlushAsync();

        Assert.Equal(["write MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\n", "flush"], connection.Log);
    }

    [Fact]
    public async Task PendingWritesGoOutBeforeAnyRead()
    {
        var connection = new RecordingStream();
        await using var stream = new SmtpConnectionStream(connection, bufferSize: 1024);

        await stream.WriteAsync("DATA\r\n"u8.ToArray());
        _ = await stream.ReadAsync(new byte[16]);
        stream.Write("QUIT\r\n"u8);
        _ = stream.Read(new byte[16]);

        Assert.Equal(["write DATA\r\n", "read", "write QUIT\r\n", "read"], connection.Log);
    }

    [Fact]
    public async Task AWriteLargerThanTheBufferFollowsWhatWasPendingStraightThrough()
    {
        var connection = new RecordingStream();
        await using var stream = new SmtpConnectionStream(connection, bufferSize: 8);

        await stream.WriteAsync("abc"u8.ToArray());
        await stream.WriteAsync("0123456789"u8.ToArray());

        Assert.Equal(["write abc", "write 0123456789"], connection.Log);
    }

    /// <summary>A connection that logs what reaches it, in order; reads answer "250 OK".</summary>
    private sealed class RecordingStream : Stream
    {
        public List<string> Log { get; } = [];

        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Log.Add("write " + Encoding.ASCII.GetString(buffer, offset, count));

        public override void Flush() => Log.Add("flush");

        public override int Read(byte[] buffer, int offset, int count)
        {
            Log.Add("read");
            return Encoding.ASCII.GetBytes("250 OK\r\n", buffer.AsSpan(offset, count));
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
