using System.Text.Json;

namespace PaperMail.Core.Bounces;

/// <summary>
/// Amazon SES bounce and complaint notifications delivered by email (an SNS subscription to the bounce mailbox): a JSON
/// body with <c>notificationType</c> Bounce, Complaint or Delivery.
/// </summary>
internal static class SesNotification
{
    public static BounceReport? TryParse(string? text, IReadOnlyList<string> addressedTo)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var start = text.IndexOf("{\"", StringComparison.Ordinal);
        if (start < 0 || !text.Contains("notificationType", StringComparison.Ordinal)) return null;
        try
        {
            var end = text.LastIndexOf('}');
            if (end < start) return null;
            // Mailed notifications are folded at a fixed width, inside strings too.
            using var json = JsonDocument.Parse(text[start..(end + 1)].Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
            var root = json.RootElement;
            // An SNS envelope carries the notification as a string in "Message".
            if (root.TryGetProperty("Message", out var inner) && inner.ValueKind == JsonValueKind.String)
            {
                return TryParse(inner.GetString(), addressedTo);
            }
            if (!root.TryGetProperty("notificationType", out var typeElement)) return null;
            var type = typeElement.GetString();
            var messageId = root.TryGetProperty("mail", out var mail) && mail.TryGetProperty("commonHeaders", out var headers)
                && headers.TryGetProperty("messageId", out var id) ? id.GetString()?.Trim('<', '>') : null;
            var recipients = new List<BounceRecipient>();
            switch (type)
            {
                case "Bounce" when root.TryGetProperty("bounce", out var bounce):
                    var permanent = bounce.TryGetProperty("bounceType", out var bounceType) && bounceType.GetString() == "Permanent";
                    foreach (var r in Items(bounce, "bouncedRecipients"))
                    {
                        var status = Text(r, "status");
                        var diagnostic = Text(r, "diagnosticCode");
                        var judged = FailureClassifier.Classify(null, status, diagnostic ?? Text(bounce, "bounceSubType"));
                        // SES says Transient for a mailbox full or a delay that ran out: never a hard bounce.
                        var verdict = !permanent && judged.Verdict == BounceVerdict.Hard ? BounceVerdict.Soft : judged.Verdict;
                        if (permanent && status is null && diagnostic is null) verdict = BounceVerdict.Hard;
                        recipients.Add(new(Text(r, "emailAddress"), verdict, judged.Status ?? status, judged.Reason));
                    }
                    break;
                case "Complaint" when root.TryGetProperty("complaint", out var complaint):
                    foreach (var r in Items(complaint, "complainedRecipients"))
                    {
                        recipients.Add(new(Text(r, "emailAddress"), BounceVerdict.Complaint, null, $"complaint ({Text(complaint, "complaintFeedbackType") ?? "abuse"})"));
                    }
                    break;
                case "Delivery" when root.TryGetProperty("delivery", out var delivery):
                    foreach (var r in Items(delivery, "recipients"))
                    {
                        recipients.Add(new(r.ValueKind == JsonValueKind.String ? r.GetString() : null, BounceVerdict.Ignore, null, "delivered"));
                    }
                    break;
                default:
                    return null;
            }
            return new BounceReport("amazon-ses", recipients, messageId, addressedTo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
