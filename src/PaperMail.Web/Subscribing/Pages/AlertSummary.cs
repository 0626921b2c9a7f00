using PaperMail.Core.Subscriptions;

namespace PaperMail.Web.Subscribing.Pages;

/// <summary>What the confirm page says an alert asks for, before and after confirming.</summary>
public sealed record AlertSummary(string Email, string Query, int? TopN, int? MinUpvotes, DigestFrequency Frequency, PaperMail.Core.Semantic.SimilarAlert? Similar = null);
