namespace PaperMail.Web.Subscribing.Pages;

/// <summary>
/// The time-zone list of the subscription form and the manage page: the zone chosen (null: the operator's), and
/// whether the form's script may pick the browser's zone while none is chosen.
/// </summary>
public sealed record TimeZoneChoice(string? Selected, string OperatorZone, bool DetectBrowser = false);
