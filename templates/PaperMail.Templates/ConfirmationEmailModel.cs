using System.Globalization;
using System.Text;

namespace PaperMail.Templates;

/// <summary>What the confirmation email says; <see cref="ToText"/> is its plain-text body.</summary>
public sealed record ConfirmationEmailModel(string Email, string Query, int? MinUpvotes, string FrequencyText, string ConfirmUrl)
{
    public string Subject => "Confirm your PaperMail alert";

    public string FooterText => "You get this email because this address was entered on the PaperMail subscription form.";

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine("Confirm your alert").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Someone - hopefully you - asked PaperMail to send {FrequencyText} digests to {Email} of new papers matching:").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"    {Query}").AppendLine();
        if (MinUpvotes is { } min) text.AppendLine(CultureInfo.InvariantCulture, $"Only papers with at least {min} upvotes.").AppendLine();
        text.AppendLine("Confirm this alert:");
        text.AppendLine(ConfirmUrl).AppendLine();
        text.AppendLine("The link works for 7 days. If you did not ask for this, ignore this email: nothing will be sent.").AppendLine();
        text.AppendLine("-- ").AppendLine(FooterText);
        return text.ToString();
    }
}
