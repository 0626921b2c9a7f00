using System.Security.Cryptography;
using System.Text;

namespace PaperMail.Core.Subscriptions;

/// <summary>
/// What a suppressed address is kept as once its retention has passed: the SHA-256 of its comparison key, so the
/// address stays suppressed without being stored.
/// </summary>
public static class SuppressionKey
{
    public const string Prefix = "sha256:";

    public static string For(string emailKey) => Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(emailKey)));
}
