namespace PaperMail.Core.Matching.Language;

/// <summary>A query term (as shown in the normalised query, e.g. <c>title:"long context"</c>) and where the paper has it.</summary>
public readonly record struct TermHit(string Term, MatchFields Fields);
