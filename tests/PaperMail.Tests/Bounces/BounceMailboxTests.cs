using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Delivery;
using PaperMail.Tests.Support;
using PaperMail.Web.Bounces;

namespace PaperMail.Tests.Bounces;

/// <summary>
/// VERP and the <c>bounces</c> job end to end: digests go out through a real SMTP server with a per-message envelope
/// sender; a bounce to one of those addresses lands in a real IMAP mailbox (Dovecot on 127.0.0.1); the job suppresses
/// the right subscriber, once.
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class BounceMailboxTests
{
    private const string BounceAddress = "bounces@papermail.example";

    [Fact]
    public async Task ABounceToAVerpAddressSuppressesThatSubscriberOnceEvenWhenReadTwice()
    {
        await using var smtp = await FaultInjectingSmtpServer.StartAsync();
        await using var imap = await DovecotServer.StartAsync();
        await using var app = imap.Configure(new PaperMailApp()
            .With("PaperMail:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("PaperMail:Digest:SendHourUtc", "0")
            .With("PaperMail:Bounces:Address", BounceAddress)
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers));
        var db = await SeedAsync(app, "gone@example.org", "stays@example.org");

        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(2, (await scope.ServiceProvider.GetRequiredService<DigestService>().RunAsync(CancellationToken.None)).Sent);
        }

        var envelopes = smtp.Envelopes.ToList();
        Assert.Equal(2, envelopes.Select(e => e.From).Distinct().Count());
        Assert.All(envelopes, e => Assert.Matches("^bounces\\+[a-z2-7]{16}@papermail\\.example$", e.From));
        Assert.All(envelopes, e => Assert.DoesNotContain(e.Recipients[0].Split('@')[0], e.From));
        var verp = envelopes.Single(e => e.Recipients.Contains("gone@example.org")).From;

        // A mangled DSN: the failed address is a forward PaperMail never heard of, and the original is not attached.
        var bounce = Dsn(verp, finalRecipient: "gone-forwarded@mail.example.net");
        await imap.AppendAsync(bounce);
        await imap.AppendAsync(AutoReply(verp));
        var first = await RunJobAsync(app);
        await imap.AppendAsync(Dsn(verp, finalRecipient: "gone-forwarded@mail.example.net")); // the same bounce, read again
        var second = await RunJobAsync(app);

        Assert.Equal((2, 1, 1), (first.Read, first.Suppressed, first.Ignored));
        Assert.Equal((1, 0, 1), (second.Read, second.Suppressed, second.Duplicates));
        Assert.Equal(0, await imap.CountAsync());
        await using var connection = await db.OpenAsync();
        Assert.Equal(["active", "suppressed"], (await connection.QueryAsync<string>("SELECT state FROM subscribers ORDER BY email DESC")).ToList());
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM bounce_events"));
        Assert.Equal(("hard", "5.1.1", "mailbox"), await connection.QuerySingleAsync<(string, string, string)>("SELECT reason, status, source FROM suppressions"));
    }

    [Fact]
    public async Task MovingProcessedMailLeavesItInTheProcessedFolder()
    {
        await using var imap = await DovecotServer.StartAsync();
        await using var app = imap.Configure(new PaperMailApp())
            .With("PaperMail:Bounces:Processed", "Move")
            .With("PaperMail:Bounces:MoveTo", "Done");
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        await SubscriptionRows.AddSubscriberAsync(db, "known@example.org");

        await imap.AppendAsync(Dsn("bounces@papermail.example", finalRecipient: "known@example.org", status: "4.4.7"));
        var run = await RunJobAsync(app);

        Assert.Equal((1, 1), (run.Read, run.Counted));
        Assert.Equal((0, 1), (await imap.CountAsync(), await imap.CountAsync("Done")));
    }

    private static async Task<BounceMailboxRun> RunJobAsync(PaperMailApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<BounceMailboxJob>().RunAsync(CancellationToken.None);
    }

    private static async Task<SqliteDatabase> SeedAsync(PaperMailApp app, params string[] emails)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IngestionService>().RunAsync(CancellationToken.None);
        var db = app.Services.GetRequiredService<SqliteDatabase>();
        foreach (var email in emails)
        {
            await SubscriptionRows.AddAlertAsync(db, await SubscriptionRows.AddSubscriberAsync(db, email), "multilingual");
        }
        await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(CancellationToken.None);
        return db;
    }

    /// <summary>A Postfix-style delivery status notification (RFC 3464), written out by hand.</summary>
    private static MimeMessage Dsn(string to, string finalRecipient, string status = "5.1.1") => MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes($"""
        From: MAILER-DAEMON@relay.example.net (Mail Delivery System)
        To: {to}
        Subject: Undelivered Mail Returned to Sender
        Message-Id: <20261130080000.ABCDEF@relay.example.net>
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

        --b1
        Content-Type: text/plain

        I'm sorry to have to inform you that your message could not be delivered.

        --b1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; relay.example.net

        Final-Recipient: rfc822; {finalRecipient}
        Action: failed
        Status: {status}
        Diagnostic-Code: smtp; 550 {status} <{finalRecipient}>: Recipient address rejected: User unknown

        --b1--
        """.Replace("\n", "\r\n"))));

    private static MimeMessage AutoReply(string to) => MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes($"""
        From: Gone <gone@example.org>
        To: {to}
        Subject: Out of office: PaperMail daily digest
        Message-Id: <ooo-1@example.org>
        Auto-Submitted: auto-replied

        I am away until Monday.
        """.Replace("\n", "\r\n"))));
}
