namespace PaperMail.Core.Semantic;

/// <summary>A paper's text as read for embedding, with the change sequence it was read at and its stored hash if any.</summary>
public sealed record PendingPaper(string Id, string Title, string Abstract, long ChangeSeq, string? StoredHash);

/// <summary>A paper's stored vector (compact form) and the hash of the text it was made from.</summary>
public sealed record StoredEmbedding(string TextHash, byte[] Vector);

/// <summary>One part of an alert's vector: its description or one example, and the reason the digest gives for it.</summary>
public sealed record AlertPart(string Reason, byte[] Vector);

/// <summary>An alert's combined vector and its parts, for one alert version and model.</summary>
public sealed record AlertEmbedding(int Version, string Model, byte[] Vector, IReadOnlyList<AlertPart> Parts);

/// <summary>An active similar-papers alert (confirmed, not paused, of an active subscriber) as the match job reads it.</summary>
public sealed record SemanticAlert(long Id, long SubscriberId, string Filter, int? MinUpvotes, int Version, int BackfilledVersion, SimilarAlert Spec, AlertEmbedding? Embedding)
{
    public bool NeedsBackfill => BackfilledVersion < Version;
}

/// <summary>What semantic alerts read and write. SQL stays in the implementation.</summary>
public interface ISemanticStore
{
    /// <summary>Papers with no vector from <paramref name="model"/> or changed since theirs was made, newest first.</summary>
    Task<IReadOnlyList<PendingPaper>> GetPendingPapersAsync(string model, int limit, CancellationToken ct = default);

    /// <summary>Stores vectors (replacing older ones); a paper deleted meanwhile is skipped.</summary>
    Task SaveEmbeddingsAsync(string model, IReadOnlyList<(string PaperId, long ChangeSeq, string TextHash, byte[] Vector)> embeddings, DateTimeOffset at, CancellationToken ct = default);

    Task<IReadOnlyDictionary<string, StoredEmbedding>> GetEmbeddingsAsync(string model, IReadOnlyCollection<string> paperIds, CancellationToken ct = default);

    /// <summary>Papers with a current vector from <paramref name="model"/>, and all papers.</summary>
    Task<(long Embedded, long Total)> CountAsync(string model, CancellationToken ct = default);

    Task<IReadOnlyList<SemanticAlert>> GetActiveAlertsAsync(CancellationToken ct = default);

    /// <summary>
    /// A cheap fingerprint of what <see cref="GetActiveAlertsAsync"/> would return (how many, which, their versions,
    /// back-fill versions and last change): equal stamps mean the match job may keep the alert vectors it holds.
    /// </summary>
    Task<string> GetActiveAlertsStampAsync(CancellationToken ct = default);

    Task SaveAlertEmbeddingAsync(long alertId, AlertEmbedding embedding, CancellationToken ct = default);

    /// <summary>
    /// Changes the subscriber's active similar-papers alert: what it looks for (<paramref name="spec"/>), its keyword
    /// <paramref name="filter"/> ('' for none) and minimum. False, changing nothing, if the alert is not theirs or not
    /// of that kind. A new version makes the match job back-fill it; matches not mailed yet are dropped when the spec
    /// or filter changed. The stored vector is carried to the new version when its text (description and examples)
    /// is unchanged; otherwise it is left behind, and the match job works the vector out again.
    /// </summary>
    Task<bool> UpdateSimilarAlertAsync(long subscriberId, long alertId, SimilarAlert spec, string filter, int? minUpvotes, DateTimeOffset now, CancellationToken ct = default);
}
