using System.Security.Cryptography;
using System.Text;
using PaperMail.Core.Admin;

namespace PaperMail.Web.Admin;

/// <summary>
/// The one admin account. The password is the configured one (plain or hashed), or — in Development with none
/// configured — a random one generated for this process and logged once at start-up.
/// </summary>
public sealed class AdminCredentials
{
    private readonly string _password;

    public AdminCredentials(string username, string? configuredPassword, bool mayGenerate)
    {
        Username = username;
        if (!string.IsNullOrEmpty(configuredPassword))
        {
            _password = configuredPassword;
        }
        else if (mayGenerate)
        {
            _password = GeneratedPassword = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
        }
        else
        {
            throw new InvalidOperationException("PaperMail:Admin:Password is not set.");
        }
    }

    public string Username { get; }

    /// <summary>The password generated for this process, when none was configured.</summary>
    public string? GeneratedPassword { get; }

    /// <summary>Both checks always run, each in time independent of the input, so timing tells nothing about which failed.</summary>
    public bool Verify(string username, string password)
    {
        var nameMatches = IsUsername(username);
        var passwordMatches = AdminPasswordHash.Verify(_password, password);
        return nameMatches & passwordMatches;
    }

    public bool IsUsername(string username) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(Username)), SHA256.HashData(Encoding.UTF8.GetBytes(username)));
}
