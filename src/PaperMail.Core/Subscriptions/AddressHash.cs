using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PaperMail.Core.Subscriptions;

/// <summary>
/// What logs carry instead of an email address: a short SHA-256 of its lower-cased form. An operator who knows the
/// address can find its lines; the logs alone do not tell who subscribes.
/// </summary>
public static partial class AddressHash
{
    public static string For(string address) =>
        "addr:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Trim().ToLowerInvariant())))[..12];

    /// <summary>
    /// <paramref name="text"/> (a server's reply, say "550 5.1.1 &lt;ada@example.org&gt;: Recipient address rejected") with
    /// every address in it replaced by its hash, so that a reply can be logged.
    /// </summary>
    public static string Scrub(string text) => AddressLike().Replace(text, m => For(m.Value));

    [GeneratedRegex(@"[^\s<>()\[\],;:""']+@[^\s<>()\[\],;:""']+")]
    private static partial Regex AddressLike();
}
