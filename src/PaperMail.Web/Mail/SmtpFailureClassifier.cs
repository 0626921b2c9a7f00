using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using PaperMail.Core.Delivery;

namespace PaperMail.Web.Mail;

/// <summary>Turns what MailKit threw into what the caller should do next (see <see cref="DeliveryOutcome"/>).</summary>
internal static class SmtpFailureClassifier
{
    public static DeliveryResult Classify(Exception exception) => exception switch
    {
        // 4xx anywhere (421 at greeting, 451 on RCPT, 452 on DATA ...) means "not now".
        SmtpCommandException command when IsTransientCode(command.StatusCode) =>
            DeliveryResult.Transient((int)command.StatusCode, command.Message),
        SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } command =>
            new DeliveryResult(DeliveryOutcome.RecipientRejected, (int)command.StatusCode, command.Message, command.Mailbox?.Address),
        SmtpCommandException { ErrorCode: SmtpErrorCode.MessageNotAccepted } command =>
            new DeliveryResult(DeliveryOutcome.MessageRejected, (int)command.StatusCode, command.Message),
        // SenderNotAccepted, or a 5xx to the greeting, EHLO, STARTTLS or the DATA command itself.
        SmtpCommandException command => DeliveryResult.Fatal((int)command.StatusCode, command.Message),
        AuthenticationException => DeliveryResult.Fatal(null, $"authentication failed: {exception.Message}"),
        SslHandshakeException => DeliveryResult.Fatal(null, $"TLS handshake failed: {exception.Message}"),
        // MailKit: STARTTLS or AUTH required by the options but not offered by the server.
        NotSupportedException => DeliveryResult.Fatal(null, exception.Message),
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData } =>
            DeliveryResult.Fatal(null, $"unknown host: {exception.Message}"),
        // A message without sender or recipients: no server will take it, but the next message may be fine.
        InvalidOperationException when exception is not (ServiceNotConnectedException or ServiceNotAuthenticatedException or ObjectDisposedException) =>
            new DeliveryResult(DeliveryOutcome.MessageRejected, null, exception.Message),
        // Drops, refused connections, timeouts, garbage from the server.
        _ => DeliveryResult.Transient(null, $"{Describe(exception)}: {exception.Message}"),
    };

    /// <summary>
    /// Whether the connection can carry the next message. A 5xx on RCPT or DATA leaves a healthy session (MailKit
    /// resets it); anything else — a 4xx that may be a 421 shutdown, a timeout, a cancellation, a drop — does not.
    /// </summary>
    public static bool LeavesConnectionUsable(Exception exception) =>
        exception is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted or SmtpErrorCode.SenderNotAccepted } command
        && !IsTransientCode(command.StatusCode);

    private static bool IsTransientCode(SmtpStatusCode code) => (int)code is >= 400 and < 500;

    private static string Describe(Exception exception) => exception switch
    {
        _ when IsTimeout(exception) => "timed out",
        SmtpProtocolException => "protocol error",
        IOException or SocketException or ServiceNotConnectedException or ObjectDisposedException => "connection lost",
        _ => exception.GetType().Name,
    };

    /// <summary>A timeout, also when TLS is in between: SslStream wraps what the connection stream threw in an IOException.</summary>
    private static bool IsTimeout(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or OperationCanceledException) return true;
        }

        return false;
    }
}
