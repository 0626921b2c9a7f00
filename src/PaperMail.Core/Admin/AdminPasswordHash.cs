using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PaperMail.Core.Admin;

/// <summary>
/// The admin password as configured: plain text, or <c>pbkdf2-sha256$iterations$salt$hash</c> with salt and hash in
/// standard Base64 (PBKDF2-HMAC-SHA256, the hash 32 bytes). Produce one with
/// <c>dotnet run --project src/PaperMail.Web -- hash-password</c> (reads the password from standard input).
/// </summary>
public static class AdminPasswordHash
{
    public const string Prefix = "pbkdf2-sha256$";
    public const int DefaultIterations = 600_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static bool IsHash(string configured) => configured.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Create(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Why a configured hash cannot be used, or null when it can (plain passwords are always usable).</summary>
    public static string? Problem(string configured)
    {
        if (!IsHash(configured)) return null;
        return TryParse(configured, out _, out _, out _)
            ? null
            : $"is not a valid hash: expected {Prefix}<iterations>$<base64 salt>$<base64 hash> with at least 10,000 iterations.";
    }

    /// <summary>Checks a password against the configured value in time independent of where they differ.</summary>
    public static bool Verify(string configured, string given)
    {
        if (IsHash(configured))
        {
            if (!TryParse(configured, out var iterations, out var salt, out var expected)) return false;
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(given), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(expected, actual);
        }
        // Hashing both sides first keeps the comparison constant-time in the length as well as the content.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
    }

    private static bool TryParse(string configured, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = configured[Prefix.Length..].Split('$');
        if (parts.Length != 3) return false;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 10_000) return false;
        try
        {
            salt = Convert.FromBase64String(parts[1]);
            hash = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 8 && hash.Length >= 16;
    }
}
