using Microsoft.Extensions.Options;
using PaperMail.Core.Configuration;
using PaperMail.Core.Email;
using PaperMail.Core.Subscriptions;
using PaperMail.Templates;

namespace PaperMail.Web.Subscribing;

/// <summary>Double opt-in: record the request, email a confirmation link, activate on confirmation, hand out links.</summary>
public sealed class SubscriptionFlow(
    ISubscriptionStore store, IEmailSender sender, EmailTemplateRenderer templates, IOptions<PaperMailOptions> options,
    IOptions<RateLimitOptions> limits, TimeProvider clock, ILogger<SubscriptionFlow> logger)
{
    /// <summary>
    /// Sends a confirmation for a new alert, unless the address is suppressed or over its hourly limit. The caller
    /// answers the same in every case, so the form does not reveal which addresses are known.
    /// </summary>
    public async Task RequestAsync(SubscriptionRequest request, CancellationToken ct)
    {
        var (token, hash) = SubscriptionToken.Create();
        var pending = await store.RequestConfirmationAsync(request, hash, clock.GetUtcNow(), limits.Value.ConfirmationEmailsPerAddressPerHour, ct);
        if (pending is null)
        {
            logger.LogInformation("No confirmation email sent: the address is suppressed or over its hourly limit");
            return;
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
    }

    public Task<ConfirmedAlert?> ConfirmAsync(string token, CancellationToken ct) =>
        SubscriptionToken.LooksValid(token) ? store.ConfirmAsync(SubscriptionToken.Hash(token), clock.GetUtcNow(), ct) : Task.FromResult<ConfirmedAlert?>(null);

    public Task<long?> FindSubscriberAsync(string? token, TokenPurpose purpose, CancellationToken ct) =>
        SubscriptionToken.LooksValid(token) ? store.FindSubscriberAsync(SubscriptionToken.Hash(token!), purpose, clock.GetUtcNow(), ct) : Task.FromResult<long?>(null);

    /// <summary>
    /// New links for a subscriber, one per purpose in that order, stored in one write. Only hashes are stored, so links
    /// are minted, not looked up.
    /// </summary>
    public async Task<string[]> CreateLinksAsync(long subscriberId, IReadOnlyList<TokenPurpose> purposes, CancellationToken ct) =>
        (await CreateLinksAsync([subscriberId], purposes, ct))[0];

    /// <summary>New links for each subscriber (one per purpose, in that order), all stored in one write.</summary>
    public async Task<string[][]> CreateLinksAsync(IReadOnlyList<long> subscriberIds, IReadOnlyList<TokenPurpose> purposes, CancellationToken ct)
    {
        var tokens = subscriberIds.Select(id => purposes.Select(purpose => (Token: SubscriptionToken.Create(), Purpose: purpose)).ToArray()).ToArray();
        await store.AddTokensAsync(
            [.. subscriberIds.Zip(tokens).SelectMany(s => s.Second.Select(t => (s.First, t.Token.Hash, t.Purpose)))], clock.GetUtcNow(), ct);
        return [.. tokens.Select(forOne => forOne.Select(t => Link($"{t.Purpose.ToText()}/{t.Token.Token}")).ToArray())];
    }

    private string Link(string path) => $"{options.Value.PublicBaseUrl.TrimEnd('/')}/{path}";
}
