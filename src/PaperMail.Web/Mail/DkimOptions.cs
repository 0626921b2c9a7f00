namespace PaperMail.Web.Mail;

/// <summary><c>PaperMail:Dkim</c>: optional DKIM signing of digests. Leave Domain empty to send unsigned.</summary>
public sealed class DkimOptions
{
    public const string Section = "PaperMail:Dkim";

    /// <summary>The signing domain (d=), normally the From address's domain.</summary>
    public string? Domain { get; set; }

    /// <summary>The selector (s=): the key is published at <c>{Selector}._domainkey.{Domain}</c>.</summary>
    public string? Selector { get; set; }

    /// <summary>PEM file with the RSA private key.</summary>
    public string? PrivateKeyPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Domain);
}
