using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Matching.Index;

/// <summary>An active alert as the percolator indexes it. <paramref name="MinUpvotes"/> null means no upvote filter.</summary>
public sealed record AlertDefinition(long AlertId, ParsedQuery Query, int? MinUpvotes = null);
