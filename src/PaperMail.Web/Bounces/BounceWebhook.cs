using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using PaperMail.Core.Bounces;

namespace PaperMail.Web.Bounces;

/// <summary>
/// <c>POST /api/bounces</c>: for providers that report bounces and complaints by HTTP. Authenticated by its own secret
/// (<c>PaperMail:Bounces:WebhookSecret</c>, header <c>X-Bounce-Secret</c>), rate limited per client; answers 404 while
/// no secret is configured.
/// </summary>
public static class BounceWebhook
{
    public const string SecretHeader = "X-Bounce-Secret";
    public const string RatePolicy = "bounce-webhook";

    /// <param name="Address">The address that bounced or complained.</param>
    /// <param name="Type"><c>hard</c>, <c>soft</c> or <c>complaint</c>.</param>
    /// <param name="Code">The status the provider reported (<c>5.1.1</c>, <c>550</c>), optional.</param>
    /// <param name="Text">The provider's or server's words, optional.</param>
    /// <param name="MessageId">The Message-Id of the message that bounced, optional; found by it before the address.</param>
    /// <param name="Id">The provider's id of this event, optional: the same id sent twice counts once.</param>
    public sealed record Report(string? Address, string? Type, string? Code, string? Text, string? MessageId, string? Id);

    public sealed record Accepted(string Outcome);

    public static RouteHandlerBuilder MapBounceWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/bounces", HandleAsync).DisableAntiforgery().RequireRateLimiting(RatePolicy);

    private static async Task<Results<Ok<Accepted>, ValidationProblem, UnauthorizedHttpResult, NotFound>> HandleAsync(
        Report? report, HttpContext http, BounceIntake intake, IOptions<BounceOptions> options, CancellationToken ct)
    {
        var secret = options.Value.WebhookSecret;
        if (string.IsNullOrEmpty(secret)) return TypedResults.NotFound();
        if (!http.Request.Headers.TryGetValue(SecretHeader, out var given) || given.Count != 1
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), SHA256.HashData(Encoding.UTF8.GetBytes(given.ToString()))))
        {
            return TypedResults.Unauthorized();
        }

        var errors = new Dictionary<string, string[]>();
        if (report is null) errors["body"] = ["A JSON body is required: {\"address\", \"type\", \"code\", \"text\", \"messageId\", \"id\"}."];
        if (report is not null && (string.IsNullOrWhiteSpace(report.Address) || !report.Address.Contains('@') || report.Address.Length > 320)) errors["address"] = ["An email address is required."];
        var verdict = BounceVerdict.Ignore;
        if (report is not null && (!BounceVerdictText.TryParse(report.Type, out verdict) || verdict == BounceVerdict.Ignore)) errors["type"] = ["type must be hard, soft or complaint."];
        if (report is { Text.Length: > 2000 } or { Code.Length: > 32 } or { MessageId.Length: > 998 } or { Id.Length: > 200 }) errors["body"] = ["A field is too long."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var key = "webhook:" + (report!.Id is { Length: > 0 } id ? id : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{report.Address}\n{report.Type}\n{report.Code}\n{report.MessageId}\n{report.Text}"))));
        var outcome = await intake.ApplyAsync(null, report.MessageId, new BounceRecipient(report.Address, verdict, report.Code, report.Text ?? report.Type!),
            "webhook", key, options.Value.SoftBounces, ct);
        return TypedResults.Ok(new Accepted(outcome.ToString()));
    }
}
