using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using PaperMail.Core.Delivery;
using PaperMail.Tests.Support;
using PaperMail.Web.Mail;

namespace PaperMail.Tests.Delivery;

/// <summary>
/// Encrypted sessions through the pool's own connection stream (which gathers MailKit's writes): STARTTLS and TLS on
/// connect against a real server with a self-signed certificate, accepted only when its fingerprint is pinned.
/// </summary>
public sealed class SmtpTlsDeliveryTests : IDisposable
{
    private readonly X509Certificate2 _certificate = SelfSigned();

    public void Dispose() => _certificate.Dispose();

    [Theory]
    [InlineData(SmtpSecurity.StartTls, false)]
    [InlineData(SmtpSecurity.SslOnConnect, true)]
    public async Task MessagesArriveIntactOverTlsWithAPinnedCertificate(SmtpSecurity security, bool implicitTls)
    {
        await using var server = new TestSmtpServer(_certificate, implicitTls);
        await using var pool = DeliveryPools.For(server.Port, configure: o =>
        {
            o.Security = security;
            o.CertificateSha256 = Convert.ToHexString(_certificate.GetCertHash(HashAlgorithmName.SHA256));
        });
        // One message larger than the stream's 64 KB gathering buffer, and small ones around it on the same session.
        var large = DeliveryMessages.To("large@example.org");
        large.Body = new TextPart("plain") { Text = string.Concat(Enumerable.Repeat("Sparse retrieval at scale. ", 6_000)) };
        var messages = new[] { DeliveryMessages.To("a@example.org"), large, DeliveryMessages.To("b@example.org") };

        var results = await pool.SendBatchAsync(messages);

        Assert.All(results, r => Assert.Equal(DeliveryOutcome.Delivered, r.Outcome));
        var received = new List<MimeMessage>();
        for (int i = 0; i < messages.Length; i++) received.Add(await server.NextAsync());
        Assert.Equal(((TextPart)large.Body).Text.Trim(), received.Single(m => m.To.ToString().Contains("large@", StringComparison.Ordinal)).TextBody?.Trim());
    }

    [Fact]
    public async Task AnUnpinnedSelfSignedCertificateIsRefused()
    {
        await using var server = new TestSmtpServer(_certificate);
        await using var pool = DeliveryPools.For(server.Port, configure: o => o.Security = SmtpSecurity.StartTls);

        var result = Assert.Single(await pool.SendBatchAsync([DeliveryMessages.To("a@example.org")]));

        // The sender's configuration is at fault, not the recipient: the batch stops and no one is suppressed.
        Assert.Equal(DeliveryOutcome.FatalConfiguration, result.Outcome);
        Assert.Contains("TLS handshake failed", result.Detail, StringComparison.Ordinal);
        Assert.Empty(server.Received); // the send has returned: anything the server took would be here
    }

    [Fact]
    public async Task AutoUsesStartTlsWhenTheServerOffersIt()
    {
        // Offered STARTTLS, Auto takes it: the unpinned self-signed certificate is refused rather than sent over in
        // plain text, and once pinned the message goes through the encrypted session.
        await using var server = new TestSmtpServer(_certificate);
        await using var unpinned = DeliveryPools.For(server.Port, configure: o => o.Security = SmtpSecurity.Auto);
        await using var pinned = DeliveryPools.For(server.Port, configure: o =>
        {
            o.Security = SmtpSecurity.Auto;
            o.CertificateSha256 = Convert.ToHexString(_certificate.GetCertHash(HashAlgorithmName.SHA256));
        });

        var refused = Assert.Single(await unpinned.SendBatchAsync([DeliveryMessages.To("a@example.org")]));
        var delivered = Assert.Single(await pinned.SendBatchAsync([DeliveryMessages.To("b@example.org")]));

        Assert.Equal(DeliveryOutcome.FatalConfiguration, refused.Outcome);
        Assert.Contains("TLS handshake failed", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(DeliveryOutcome.Delivered, delivered.Outcome);
        Assert.Equal("b@example.org", (await server.NextAsync()).To.Mailboxes.Single().Address);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task AutoSendsInPlainTextToAServerThatOffersNoTls()
    {
        await using var server = new TestSmtpServer();
        await using var pool = DeliveryPools.For(server.Port, configure: o => o.Security = SmtpSecurity.Auto);

        var result = Assert.Single(await pool.SendBatchAsync([DeliveryMessages.To("a@example.org")]));

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal("a@example.org", (await server.NextAsync()).To.Mailboxes.Single().Address);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Re-loaded from PKCS#12 so the private key is usable by the TLS server on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
