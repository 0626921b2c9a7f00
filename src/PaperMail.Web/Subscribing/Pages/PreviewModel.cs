using PaperMail.Core.Matching.Preview;

namespace PaperMail.Web.Subscribing.Pages;

/// <summary>A server-side preview for the no-JavaScript form: the matches, or why the query was refused.</summary>
public sealed record PreviewModel(string? Normalized, PreviewResult? Result, string? Error);
