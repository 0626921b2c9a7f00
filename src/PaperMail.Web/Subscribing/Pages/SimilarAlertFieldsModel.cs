namespace PaperMail.Web.Subscribing.Pages;

/// <summary>
/// The fields of one similar-papers alert on the manage page, ids prefixed with <paramref name="Prefix"/>, as stored or
/// as typed, with the message of a failed save.
/// </summary>
public sealed record SimilarAlertFieldsModel(string Prefix, string? Description, string? Examples, string? Query, string? MinUpvotes, string Threshold, string? Error);
