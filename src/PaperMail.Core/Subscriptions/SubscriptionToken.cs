using System.Security.Cryptography;
using System.Text;

namespace PaperMail.Core.Subscriptions;

/// <summary>What a token may be used for; a token is good for exactly one purpose.</summary>
public enum TokenPurpose
{
    Confirm,
    Manage,
    Unsubscribe,
    /// <summary>The subscriber's private Atom feed (<c>/feeds/{token}.atom</c>).</summary>
    Feed,
}

/// <summary>
/// Bearer tokens for links in emails: 256 random bits, URL-safe base64. Only the SHA-256 hash is stored, so a leaked
/// database does not leak working links.
/// </summary>
public static class SubscriptionToken
{
    public static readonly TimeSpan ConfirmLifetime = TimeSpan.FromDays(7);

    private const int Bytes = 32;

    public static (string Token, string Hash) Create()
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(Bytes));
        return (token, Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Cheap shape check before touching the store: anything else is certainly unknown.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string ToText(this TokenPurpose purpose) => purpose switch
    {
        TokenPurpose.Confirm => "confirm",
        TokenPurpose.Manage => "manage",
        TokenPurpose.Feed => "feeds",
        _ => "unsubscribe",
    };

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
