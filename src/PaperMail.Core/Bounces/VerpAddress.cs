using System.Security.Cryptography;
using MimeKit;

namespace PaperMail.Core.Bounces;

/// <summary>
/// Per-message envelope senders (VERP): <c>bounces@example.org</c> becomes <c>bounces+{id}@example.org</c>, where the id
/// is 80 random bits (16 base-32 letters and digits) recorded with the message, so it reveals nothing about the address.
/// </summary>
public static class VerpAddress
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        Span<char> id = stackalloc char[16];
        // 80 bits, 5 at a time.
        ulong high = BitConverter.ToUInt64(bytes[..8]), low = BitConverter.ToUInt16(bytes[8..]);
        for (var i = 0; i < 16; i++)
        {
            id[i] = Alphabet[(int)(high & 31)];
            high = (high >> 5) | ((low & 31) << 59);
            low >>= 5;
        }
        return new string(id);
    }

    public static MailboxAddress Create(string bounceAddress, string id)
    {
        var at = bounceAddress.LastIndexOf('@');
        return new MailboxAddress("", $"{bounceAddress[..at]}+{id}{bounceAddress[at..]}");
    }

    /// <summary>The id in an address such as <c>bounces+{id}@example.org</c> (compared without case), or null.</summary>
    public static string? FindId(string bounceAddress, string? address)
    {
        if (string.IsNullOrEmpty(address)) return null;
        var at = bounceAddress.LastIndexOf('@');
        var local = bounceAddress[..at] + "+";
        var domain = bounceAddress[at..];
        var candidate = address.Trim().Trim('<', '>');
        if (!candidate.StartsWith(local, StringComparison.OrdinalIgnoreCase) || !candidate.EndsWith(domain, StringComparison.OrdinalIgnoreCase)) return null;
        var id = candidate[local.Length..^domain.Length].ToLowerInvariant();
        return id.Length == 16 && id.All(c => Alphabet.Contains(c)) ? id : null;
    }
}
