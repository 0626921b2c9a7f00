namespace PaperMail.Core.Delivery;

/// <summary>
/// The outcome of one message, with the server's words for the admin overview.
/// </summary>
/// <param name="Outcome">What the caller does next.</param>
/// <param name="StatusCode">The SMTP reply code that decided it (250, 451, 550, ...), or null when there was no reply
/// (a drop, a timeout, a TLS failure).</param>
/// <param name="Detail">The server's reply text, or the error that stood in for one.</param>
/// <param name="Recipient">For <see cref="DeliveryOutcome.RecipientRejected"/>: the refused address.</param>
public sealed record DeliveryResult(DeliveryOutcome Outcome, int? StatusCode, string Detail, string? Recipient = null)
{
    public bool IsDelivered => Outcome == DeliveryOutcome.Delivered;

    /// <summary>
    /// For a <see cref="DeliveryOutcome.FatalConfiguration"/> judged from a run of outcomes rather than one reply: which
    /// <see cref="DeliveryProblemKinds"/> it is (the relay refuses everyone, or cannot be reached).
    /// </summary>
    public string? Problem { get; init; }

    /// <summary>Whether the batch this message belongs to must stop.</summary>
    public bool StopsBatch => Outcome == DeliveryOutcome.FatalConfiguration;

    public static DeliveryResult Delivered(string reply) => new(DeliveryOutcome.Delivered, 250, reply);

    public static DeliveryResult Transient(int? statusCode, string detail) => new(DeliveryOutcome.TransientFailure, statusCode, detail);

    public static DeliveryResult Fatal(int? statusCode, string detail) => new(DeliveryOutcome.FatalConfiguration, statusCode, detail);

    public static DeliveryResult NotAttempted(string reason) => new(DeliveryOutcome.NotAttempted, null, reason);

    public override string ToString() =>
        $"{Outcome}{(StatusCode is { } code ? $" {code}" : "")}{(Recipient is null ? "" : $" <{Recipient}>")}: {Detail}";
}
