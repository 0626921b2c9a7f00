namespace PaperMail.Web.Subscribing.Pages;

/// <summary>The time-zone list of the subscription form and the manage page: the zone chosen (null: the operator's).</summary>
public sealed record TimeZoneChoice(string? Selected, string OperatorZone);
