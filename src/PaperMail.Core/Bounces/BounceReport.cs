namespace PaperMail.Core.Bounces;

/// <summary>What one failed (or complaining) recipient of a report comes to.</summary>
public sealed record BounceRecipient(string? Address, BounceVerdict Verdict, string? Status, string Reason);

/// <summary>
/// What PaperMail makes of one message in the bounce mailbox: its kind (<c>dsn</c>, <c>arf</c>, <c>amazon-ses</c>,
/// <c>non-standard</c>, <c>auto-reply</c>, <c>not-a-bounce</c>), the recipients it is about, and what identifies the message that bounced.
/// </summary>
public sealed record BounceReport(string Kind, IReadOnlyList<BounceRecipient> Recipients, string? OriginalMessageId, IReadOnlyList<string> AddressedTo);
