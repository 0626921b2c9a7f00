namespace PaperMail.Core.Email;

/// <summary>One outgoing email. Every message has both an HTML and a plain-text body.</summary>
public sealed record EmailMessage(string To, string Subject, string Html, string Text)
{
    /// <summary>Extra headers such as <c>List-Unsubscribe</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Whom it is for, when known: a bounce of it then finds them by its VERP envelope sender.</summary>
    public long? SubscriberId { get; init; }
}

/// <summary>Delivers one message or throws.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}
