namespace PaperMail.Core.Operations;

/// <summary>
/// Counts read at scrape time for the gauges. Synchronous on purpose: observable instruments are read in a
/// synchronous callback.
/// </summary>
public interface IOperationsCounts
{
    /// <summary>Digests in the outbox by state (every state present, zero included).</summary>
    IReadOnlyDictionary<string, long> DigestsByState();

    /// <summary>Subscribers by state (every state present, zero included).</summary>
    IReadOnlyDictionary<string, long> SubscribersByState();
}
