namespace PaperMail.Core.Matching.Language;

/// <summary>One query matching one paper, with why (the positive terms found, never the excluded ones) and how well.</summary>
/// <param name="Relevance">Field-weighted term frequency, see <see cref="MatchScore"/>.</param>
/// <param name="Score">Relevance combined with upvotes, see <see cref="MatchScore.Combine"/>.</param>
public sealed record QueryMatch(string PaperId, double Relevance, double Score, IReadOnlyList<TermHit> Hits);
