using System.Security.Cryptography;
using System.Text;

namespace PaperMail.Core.Subscriptions;

/// <summary>
/// What logs carry instead of an email address: a short SHA-256 of its lower-cased form. An operator who knows the
/// address can find its lines; the logs alone do not tell who subscribes.
/// </summary>
public static class AddressHash
{
    public static string For(string address) =>
        "addr:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Trim().ToLowerInvariant())))[..12];
}
