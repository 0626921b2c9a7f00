using PaperMail.Core.Matching.Language;

namespace PaperMail.Core.Matching.Index;

/// <summary>A stored alert matching a paper, as the percolator reports it.</summary>
public sealed record AlertMatch(long AlertId, string PaperId, double Relevance, double Score, IReadOnlyList<TermHit> Hits);
