namespace PaperMail.Web.Mail;

/// <summary>How the connection to the mail server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text; for a relay on localhost only.</summary>
    None,

    /// <summary>Connect in plain text, then require STARTTLS (fails if the server does not offer it).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,

    /// <summary>
    /// TLS on connect for port 465, else STARTTLS when the server offers it; with a Username set, STARTTLS is required
    /// (credentials never go in clear unless <see cref="None"/> is chosen explicitly).
    /// </summary>
    Auto,
}
