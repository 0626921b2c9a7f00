namespace PaperMail.Core.Delivery;

/// <summary>Why sending stopped, shown on the admin overview until a run delivers again.</summary>
/// <param name="Kind"><see cref="DeliveryProblemKinds"/>.</param>
/// <param name="Since">When this problem was first seen (kept while it lasts).</param>
public sealed record DeliveryProblem(string Kind, string Detail, DateTimeOffset Since, DateTimeOffset LastSeen);

public static class DeliveryProblemKinds
{
    /// <summary>The relay refused every recipient the same way (e.g. 554 5.7.1 Relay access denied).</summary>
    public const string RelayRejects = "relay-rejects";

    /// <summary>The relay could not be reached several times in a row.</summary>
    public const string RelayDown = "relay-down";

    /// <summary>Another configuration error: the sender refused, authentication failed, TLS missing.</summary>
    public const string Configuration = "configuration";
}

public interface IDeliveryStatusStore
{
    /// <summary>Records the current problem; <see cref="DeliveryProblem.Since"/> stays put while the kind stays the same.</summary>
    Task ReportProblemAsync(string kind, string detail, DateTimeOffset now, CancellationToken ct = default);

    Task ClearProblemAsync(CancellationToken ct = default);

    Task<DeliveryProblem?> GetProblemAsync(CancellationToken ct = default);
}
