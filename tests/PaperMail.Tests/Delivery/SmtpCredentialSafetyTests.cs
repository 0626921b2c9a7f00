using PaperMail.Core.Delivery;
using PaperMail.Web.Mail;

namespace PaperMail.Tests.Delivery;

/// <summary><c>Auto</c> never sends credentials in clear: a server without STARTTLS is a configuration error then.</summary>
public sealed class SmtpCredentialSafetyTests
{
    [Fact]
    public async Task AutoWithCredentialsRefusesAServerWithoutStartTlsAndSendsNothing()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync(withAuthentication: true);
        await using var pool = DeliveryPools.For(server.Port, configure: o =>
        {
            o.Security = SmtpSecurity.Auto;
            o.Username = "papermail";
            o.Password = FaultInjectingSmtpServer.AcceptedPassword;
        });

        var result = await pool.SendAsync(DeliveryMessages.To("a@example.org"));

        Assert.Equal(DeliveryOutcome.FatalConfiguration, result.Outcome);
        Assert.Contains("STARTTLS", result.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(server.Accepted);
    }

    [Fact]
    public async Task NoneChosenExplicitlyStillAuthenticatesInClearOnATrustedRelay()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync(withAuthentication: true);
        await using var pool = DeliveryPools.For(server.Port, configure: o =>
        {
            o.Security = SmtpSecurity.None;
            o.Username = "papermail";
            o.Password = FaultInjectingSmtpServer.AcceptedPassword;
        });

        var result = await pool.SendAsync(DeliveryMessages.To("a@example.org"));

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
    }

    [Fact]
    public async Task AnEnvelopeSenderOfItsOwnGoesOutAsMailFrom()
    {
        await using var server = await FaultInjectingSmtpServer.StartAsync();
        await using var pool = DeliveryPools.For(server.Port);

        var result = await pool.SendFromAsync(DeliveryMessages.To("a@example.org"), new MimeKit.MailboxAddress("", "bounces+abcdefghijklmnop@papermail.example"));

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var envelope = Assert.Single(server.Envelopes);
        Assert.Equal(("bounces+abcdefghijklmnop@papermail.example", "a@example.org"), (envelope.From, envelope.Recipients.Single()));
    }
}
