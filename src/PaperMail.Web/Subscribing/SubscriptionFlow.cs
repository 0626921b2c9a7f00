using PaperMail.Core.Email;
using PaperMail.Core.Subscriptions;
using PaperMail.Templates;

namespace PaperMail.Web.Subscribing;

/// <summary>Double opt-in: record the request, email a confirmation link, activate on confirmation, hand out links.</summary>
public sealed class SubscriptionFlow(
    ISubscriptionStore store, IEmailSender sender, EmailTemplateRenderer templates, IOptions<PaperMailOptions> options,
    IOptions<RateLimitOptions> limits, TimeProvider clock, ILogger<SubscriptionFlow> logger,
    ISubscriptionLinkStore linkStore, IOptions<EmailLinkOptions> lifetimes, SubscriptionAbuseGuard guard)
{
    /// <summary>
    /// Sends a confirmation for a new alert, unless the address is suppressed or over its hourly limit. The caller
    /// answers the same in every case, so the form does not reveal which addresses are known.
    /// </summary>
    /// <returns>Whether the confirmation was recorded and its email handed to the sender.</returns>
    public async Task<bool> RequestAsync(SubscriptionRequest request, CancellationToken ct)
    {
        if (!await guard.MaySendConfirmationAsync(request.Email, ct)) return false;
        var (token, hash) = SubscriptionToken.Create();
        var pending = await store.RequestConfirmationAsync(request, hash, clock.GetUtcNow(), limits.Value.ConfirmationEmailsPerAddressPerHour, ct);
        if (pending is null)
        {
            logger.LogInformation("No confirmation email sent: the address is suppressed or over its hourly limit");
            return false;
        }
        var model = new ConfirmationEmailModel(request.Email.Display, request.Description, request.MinUpvotes,
            request.Frequency.ToText(), Link($"confirm/{token}"));
        var html = await templates.RenderConfirmationAsync(model);
        try
        {
            await sender.SendAsync(new EmailMessage(request.Email.Display, model.Subject, html, model.ToText()) { SubscriberId = pending.SubscriberId }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The visitor sees the same page either way; resubmitting retries (within the hourly limit).
            logger.LogError(ex, "Confirmation email for alert {AlertId} could not be sent", pending.AlertId);
        }
        return true;
    }

    public Task<ConfirmedAlert?> ConfirmAsync(string token, CancellationToken ct) =>
        SubscriptionToken.LooksValid(token) ? store.ConfirmAsync(SubscriptionToken.Hash(token), clock.GetUtcNow(), ct) : Task.FromResult<ConfirmedAlert?>(null);

    /// <summary>What a confirmation link would confirm, changing nothing (link scanners open every link).</summary>
    public Task<ConfirmationPreview?> PeekConfirmationAsync(string token, CancellationToken ct) =>
        SubscriptionToken.LooksValid(token) ? linkStore.PeekConfirmationAsync(SubscriptionToken.Hash(token), clock.GetUtcNow(), ct) : Task.FromResult<ConfirmationPreview?>(null);

    /// <summary>
    /// The subscriber of a link: a token of that purpose, or — for manage and unsubscribe — a digest's token, whose
    /// one token serves all the links of its email for as long as the purpose's lifetime.
    /// </summary>
    public async Task<long?> FindSubscriberAsync(string? token, TokenPurpose purpose, CancellationToken ct)
    {
        if (!SubscriptionToken.LooksValid(token)) return null;
        var hash = SubscriptionToken.Hash(token!);
        var now = clock.GetUtcNow();
        if (await store.FindSubscriberAsync(hash, purpose, now, ct) is { } id) return id;
        return purpose is TokenPurpose.Manage or TokenPurpose.Unsubscribe
            ? await linkStore.FindSubscriberByDigestTokenAsync(hash, purpose, now - Lifetime(purpose)!.Value, ct)
            : null;
    }

    /// <summary>
    /// New links for a subscriber, one per purpose in that order, stored in one write. Only hashes are stored, so links
    /// are minted, not looked up.
    /// </summary>
    public async Task<string[]> CreateLinksAsync(long subscriberId, IReadOnlyList<TokenPurpose> purposes, CancellationToken ct) =>
        (await CreateLinksAsync([subscriberId], purposes, ct))[0];

    /// <summary>New links for each subscriber (one per purpose, in that order), all stored in one write.</summary>
    public async Task<string[][]> CreateLinksAsync(IReadOnlyList<long> subscriberIds, IReadOnlyList<TokenPurpose> purposes, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tokens = subscriberIds.Select(id => purposes.Select(purpose => (Token: SubscriptionToken.Create(), Purpose: purpose)).ToArray()).ToArray();
        await linkStore.AddLinkTokensAsync(
            [.. subscriberIds.Zip(tokens).SelectMany(s => s.Second.Select(t => new NewLinkToken(s.First, t.Token.Hash, t.Purpose, now + Lifetime(t.Purpose))))], now, ct);
        return [.. tokens.Select(forOne => forOne.Select(t => Link($"{t.Purpose.ToText()}/{t.Token.Token}")).ToArray())];
    }

    /// <summary>How long a link of the purpose works after it was sent; null: until revoked (feeds).</summary>
    public TimeSpan? Lifetime(TokenPurpose purpose) => purpose switch
    {
        TokenPurpose.Confirm => SubscriptionToken.ConfirmLifetime,
        TokenPurpose.Manage => lifetimes.Value.ManageLifetime,
        TokenPurpose.Unsubscribe => lifetimes.Value.UnsubscribeLifetime,
        _ => null,
    };

    public string Link(string path) => $"{options.Value.PublicBaseUrl.TrimEnd('/')}/{path}";
}
