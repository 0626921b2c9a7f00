namespace PaperMail.Web.Subscribing.Pages;

/// <summary>
/// The fields of one alert on the manage page (kind, N, query, minimum), their ids prefixed with <paramref name="Prefix"/>,
/// as stored or as typed, with the message of a failed save.
/// </summary>
public sealed record AlertFieldsModel(string Prefix, bool IsTop, string TopN, string? Query, string? MinUpvotes, string? Error);
