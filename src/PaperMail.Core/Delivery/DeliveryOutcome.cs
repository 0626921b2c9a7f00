namespace PaperMail.Core.Delivery;

/// <summary>What happened to one message handed to the delivery pool, and so what the caller does next.</summary>
public enum DeliveryOutcome
{
    /// <summary>The server accepted the message (250 after DATA).</summary>
    Delivered,

    /// <summary>
    /// Try again later with backoff: a 4xx reply at any stage, a dropped connection, a timeout, or a connection the
    /// server refused. Nothing about the address or the configuration is known to be wrong.
    /// </summary>
    TransientFailure,

    /// <summary>A 5xx reply to RCPT TO: suppress <see cref="DeliveryResult.Recipient"/>; the batch continues.</summary>
    RecipientRejected,

    /// <summary>
    /// A 5xx reply after DATA (e.g. 554): the server took the envelope but refused this content. Retrying the same
    /// bytes will fail again and the address itself was accepted, so: mark this message failed, do not suppress the
    /// address, and let the batch continue.
    /// </summary>
    MessageRejected,

    /// <summary>
    /// Our side is misconfigured: a 5xx on MAIL FROM or on the greeting/EHLO, authentication refused, TLS not
    /// available or failing, an unknown host. Every further message would fail the same way, so the batch stops.
    /// </summary>
    FatalConfiguration,

    /// <summary>Not sent because its batch had already stopped on a fatal error, or the pool was shutting down.</summary>
    NotAttempted,
}
