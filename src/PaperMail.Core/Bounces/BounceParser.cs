using System.Text.RegularExpressions;
using MimeKit;

namespace PaperMail.Core.Bounces;

/// <summary>
/// Reads a message from the bounce mailbox: an RFC 3464 delivery status notification (MimeKit's
/// <see cref="MessageDeliveryStatus"/>), an RFC 5965 complaint (ARF feedback report), or one of the common
/// non-standard bounces (qmail, Exim, Exchange and others that write the failure in prose); auto-replies and
/// out-of-office mail (RFC 3834) are recognised and say nothing against anyone. Pure: the <c>bounces</c> job and the
/// <c>bounce-check</c> command both call this.
/// </summary>
public static partial class BounceParser
{
    public static BounceReport Parse(MimeMessage message)
    {
        var addressedTo = AddressedTo(message);
        if (FindReport(message.Body, "feedback-report") is { } arf) return ParseArf(message, arf, addressedTo);
        if (FindReport(message.Body, "delivery-status") is { } dsn && ParseDsn(message, dsn, addressedTo) is { Recipients.Count: > 0 } fromDsn) return fromDsn;
        if (SesNotification.TryParse(message.TextBody, addressedTo) is { Recipients.Count: > 0 } ses) return ses;
        // Bounces carry "Auto-Submitted: auto-replied" too (RFC 3834 asks for it): one from a mailer daemon is read as a bounce.
        if (LooksLikeBounce(message)) return ParseProse(message, addressedTo);
        if (IsAutoReply(message)) return new BounceReport("auto-reply", [new(message.From.Mailboxes.FirstOrDefault()?.Address, BounceVerdict.Ignore, null, "auto-reply")], null, addressedTo);
        return new BounceReport("not-a-bounce", [], null, addressedTo);
    }

    private static Multipart? FindReport(MimeEntity? entity, string reportType)
    {
        foreach (var part in Walk(entity))
        {
            if (part is MultipartReport report && string.Equals(report.ReportType, reportType, StringComparison.OrdinalIgnoreCase)) return report;
        }
        // Some reporters label the container multipart/mixed but still carry the standard part.
        foreach (var part in Walk(entity))
        {
            if (part is Multipart multipart && multipart.Any(p => p.ContentType.IsMimeType("message", reportType))) return multipart;
        }
        return null;
    }

    /// <summary>Every entity of the message, not descending into attached messages (the one that bounced is not ours to read as a report).</summary>
    private static IEnumerable<MimeEntity> Walk(MimeEntity? entity)
    {
        if (entity is null) yield break;
        yield return entity;
        if (entity is Multipart multipart)
        {
            foreach (var child in multipart)
            {
                foreach (var inner in Walk(child)) yield return inner;
            }
        }
    }

    private static BounceReport? ParseDsn(MimeMessage message, Multipart report, IReadOnlyList<string> addressedTo)
    {
        var status = report.OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (status is null) return null;
        var recipients = new List<BounceRecipient>();
        foreach (var group in status.StatusGroups.Skip(1))
        {
            var address = CleanAddress(group["Final-Recipient"] ?? group["Original-Recipient"]);
            var action = group["Action"]?.Trim().ToLowerInvariant();
            var diagnostic = group["Diagnostic-Code"];
            var code = group["Status"]?.Trim();
            if (action is "delayed" or "delivered" or "relayed" or "expanded")
            {
                recipients.Add(new(address, BounceVerdict.Ignore, code, $"not a failure ({action})"));
                continue;
            }
            var judged = FailureClassifier.Classify(ReplyCode(diagnostic), code, diagnostic);
            recipients.Add(new(address, judged.Verdict, judged.Status ?? code, judged.Reason));
        }
        return new BounceReport("dsn", recipients, OriginalMessageId(report) ?? OriginalMessageId(message.Body), addressedTo);
    }

    private static BounceReport ParseArf(MimeMessage message, Multipart report, IReadOnlyList<string> addressedTo)
    {
        var feedback = report.FirstOrDefault(p => p.ContentType.IsMimeType("message", "feedback-report")) as MimePart;
        var fields = feedback is null ? [] : HeaderFields(feedback);
        var original = OriginalHeaders(report);
        var recipients = fields.Where(f => f.Name is "original-rcpt-to" or "removal-recipient").Select(f => CleanAddress(f.Value)).ToList();
        if (recipients.Count == 0 && original?.To.Mailboxes.FirstOrDefault()?.Address is { } to) recipients.Add(to);
        if (recipients.Count == 0) recipients.Add(null);
        var type = fields.FirstOrDefault(f => f.Name == "feedback-type").Value?.Trim() ?? "abuse";
        return new BounceReport("arf", [.. recipients.Distinct().Select(r => new BounceRecipient(r, BounceVerdict.Complaint, null, $"complaint ({type})"))],
            original?.MessageId ?? OriginalMessageId(report), addressedTo);
    }

    /// <summary>Bounces written in prose: the failed address and the server's words are in the first text part.</summary>
    private static BounceReport ParseProse(MimeMessage message, IReadOnlyList<string> addressedTo)
    {
        var text = (message.BodyParts.OfType<TextPart>().FirstOrDefault(p => !p.IsAttachment && p.IsPlain)?.Text
                    ?? message.TextBody ?? message.HtmlBody ?? "");
        // What follows a marker of the returned message is the original, not the report.
        var cut = ReturnedMessage().Match(text);
        var report = cut.Success ? text[..cut.Index] : text;
        var ignore = new HashSet<string>(addressedTo.Concat(message.From.Mailboxes.Select(m => m.Address)), StringComparer.OrdinalIgnoreCase);
        // Each failed address with the words up to the next one: its own reason (Exim, qmail and others list several).
        var found = AddressPattern().Matches(report)
            .Select(m => (Address: m.Value.Trim('.', ',', ';', ':'), m.Index))
            .Where(a => !ignore.Contains(a.Address) && !IsDaemon(a.Address))
            .DistinctBy(a => a.Address, StringComparer.OrdinalIgnoreCase)
            .Take(50)
            .ToList();
        var recipients = new List<BounceRecipient>();
        for (var i = 0; i < found.Count; i++)
        {
            var end = i + 1 < found.Count ? found[i + 1].Index : report.Length;
            var slice = report[found[i].Index..end];
            var judged = FailureClassifier.Classify(ReplyCode(slice), null, slice);
            // A slice without any words of its own (a list of addresses, then one reason) takes the report's.
            if (judged.Status is null && judged.Verdict == BounceVerdict.Soft) judged = FailureClassifier.Classify(ReplyCode(report), null, report);
            recipients.Add(new(found[i].Address, judged.Verdict, judged.Status, judged.Reason));
        }
        if (recipients.Count == 0)
        {
            var judged = FailureClassifier.Classify(ReplyCode(report), null, report);
            recipients.Add(new(null, judged.Verdict, judged.Status, judged.Reason));
        }
        var inText = MessageIdInText().Match(cut.Success ? text[cut.Index..] : "");
        var original = OriginalMessageId(message.Body) ?? (inText.Success ? inText.Groups[1].Value : null);
        return new BounceReport("non-standard", recipients, original, addressedTo);
    }

    /// <summary>RFC 3834 auto-replies, and the vacation notices that predate it.</summary>
    public static bool IsAutoReply(MimeMessage message)
    {
        var autoSubmitted = message.Headers["Auto-Submitted"];
        if (autoSubmitted is not null && autoSubmitted.Contains("auto-replied", StringComparison.OrdinalIgnoreCase)) return true;
        if (message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond") || message.Headers.Contains("X-Auto-Response-Suppress") && AutoSubject().IsMatch(message.Subject ?? "")) return true;
        var precedence = message.Headers["Precedence"];
        if (precedence is not null && precedence.Contains("auto_reply", StringComparison.OrdinalIgnoreCase)) return true;
        return AutoSubject().IsMatch(message.Subject ?? "");
    }

    private static bool LooksLikeBounce(MimeMessage message)
    {
        var from = message.From.Mailboxes.FirstOrDefault()?.Address ?? "";
        return IsDaemon(from) || BounceSubject().IsMatch(message.Subject ?? "");
    }

    private static bool IsDaemon(string address) =>
        address.StartsWith("mailer-daemon", StringComparison.OrdinalIgnoreCase) || address.StartsWith("postmaster", StringComparison.OrdinalIgnoreCase)
        || address.StartsWith("MAILER_DAEMON", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where the bounce was sent: the VERP address shows up in one of these.</summary>
    private static IReadOnlyList<string> AddressedTo(MimeMessage message) =>
        [.. message.To.Mailboxes.Select(m => m.Address)
            .Concat(new[] { "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To" }.SelectMany(h => message.Headers.Where(x => x.Id.ToHeaderName() == h || string.Equals(x.Field, h, StringComparison.OrdinalIgnoreCase)).Select(x => x.Value.Trim().Trim('<', '>'))))
            .Where(a => a.Contains('@')).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static string? OriginalMessageId(MimeEntity? entity)
    {
        foreach (var part in Walk(entity))
        {
            // text/rfc822-headers is a MessagePart too (MimeKit parses the headers into a message).
            switch (part)
            {
                case MessagePart { Message: { } original }:
                    return original.MessageId;
            }
        }
        return null;
    }

    private static MimeMessage? OriginalHeaders(Multipart report) =>
        report.OfType<MessagePart>().FirstOrDefault()?.Message;

    private static List<(string Name, string Value)> HeaderFields(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content?.DecodeTo(stream);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        return [.. text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Contains(':') && !char.IsWhiteSpace(l[0]))
            .Select(l => (l[..l.IndexOf(':')].Trim().ToLowerInvariant(), l[(l.IndexOf(':') + 1)..].Trim()))];
    }

    /// <summary><c>rfc822; a@example.org</c> → <c>a@example.org</c>.</summary>
    private static string? CleanAddress(string? field)
    {
        if (string.IsNullOrWhiteSpace(field)) return null;
        var value = field.Contains(';') ? field[(field.IndexOf(';') + 1)..] : field;
        value = value.Trim().Trim('<', '>', '"', ' ');
        return value.Length == 0 ? null : value;
    }

    private static int? ReplyCode(string? text) =>
        text is not null && ReplyCodePattern().Match(text) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"(?<![\d.])([45][0-5]\d)(?:[ -]|$)(?!\.)", RegexOptions.Multiline)]
    private static partial Regex ReplyCodePattern();

    [GeneratedRegex(@"[A-Za-z0-9._%+=-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex AddressPattern();

    [GeneratedRegex(@"^\s*(-{2,}.*(original message|returned message|message headers|undelivered message|below this line).*|Original message headers:.*|The original message was.*)$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex ReturnedMessage();

    [GeneratedRegex(@"^Message-Id:\s*<?([^>\s]+)>?", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex MessageIdInText();

    [GeneratedRegex(@"^\s*(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|on vacation|abwesend|absence|autoreply|auto:)", RegexOptions.IgnoreCase)]
    private static partial Regex AutoSubject();

    [GeneratedRegex(@"undeliver|delivery (status notification|failure|has failed)|failure notice|returned mail|mail delivery (failed|system)|could not be delivered|delivery problem|non.?delivery|nicht zustellbar|rejected", RegexOptions.IgnoreCase)]
    private static partial Regex BounceSubject();
}
