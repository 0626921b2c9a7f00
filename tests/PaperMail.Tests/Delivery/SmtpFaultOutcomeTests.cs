using System.Diagnostics;
using PaperMail.Core.Delivery;
using static PaperMail.Tests.Delivery.FaultInjectingSmtpServer;

namespace PaperMail.Tests.Delivery;

/// <summary>Each fault a mail server can throw at the pool, and the outcome the caller gets for it.</summary>
public sealed class SmtpFaultOutcomeTests
{
    [Fact]
    public async Task Greeting421IsTransientAndTheNextMessageGoesThroughOnANewConnection()
    {
        // The SmtpServer package always greets with 220, so a scripted raw TCP peer plays this server.
        await using var peer = new ScriptedSmtpPeer(ScriptedSmtpPeer.Script.Greeting421);
        await using var pool = DeliveryPools.For(peer.Port);

        var refused = await pool.SendAsync(DeliveryMessages.To("a@example.org", "first"));
        var next = await pool.SendAsync(DeliveryMessages.To("a@example.org", "second"));

        Assert.Equal(DeliveryOutcome.TransientFailure, refused.Outcome);
        Assert.Equal(421, refused.StatusCode);
        Assert.Contains("Service not available", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(DeliveryOutcome.Delivered, next.Outcome);
        Assert.Equal(["second"], peer.AcceptedSubjects);
        Assert.Equal(2, peer.Connections);
    }

    [Fact]
    public async Task Rcpt451IsTransientAndKeepsTheServerReplyText()
    {
        await using var server = await StartAsync();
        server.RecipientFault = to => to == "greylisted@example.org" ? Reply(451, "4.7.1 Greylisted, come back later") : null;
        await using var pool = DeliveryPools.For(server.Port);

        var greylisted = await pool.SendAsync(DeliveryMessages.To("greylisted@example.org"));
        var other = await pool.SendAsync(DeliveryMessages.To("other@example.org"));

        Assert.Equal(DeliveryOutcome.TransientFailure, greylisted.Outcome);
        Assert.Equal(451, greylisted.StatusCode);
        Assert.Contains("Greylisted", greylisted.Detail, StringComparison.Ordinal);
        Assert.Equal(DeliveryOutcome.Delivered, other.Outcome);
        Assert.Equal(["other@example.org"], server.Accepted.Single().Recipients);
    }

    [Fact]
    public async Task Rcpt550RejectsOnlyThatRecipientAndTheRestOfTheBatchIsDelivered()
    {
        await using var server = await StartAsync();
        server.RecipientFault = to => to == "gone@example.org" ? Reply(550, "5.1.1 No such user") : null;
        await using var pool = DeliveryPools.For(server.Port, maxConnections: 2);

        var results = await pool.SendBatchAsync(DeliveryMessages.ToEach("a@example.org", "gone@example.org", "b@example.org", "c@example.org"));

        Assert.Equal(
            [DeliveryOutcome.Delivered, DeliveryOutcome.RecipientRejected, DeliveryOutcome.Delivered, DeliveryOutcome.Delivered],
            results.Select(r => r.Outcome));
        Assert.Equal("gone@example.org", results[1].Recipient);
        Assert.Equal(550, results[1].StatusCode);
        Assert.Contains("No such user", results[1].Detail, StringComparison.Ordinal);
        Assert.Equal(["a@example.org", "b@example.org", "c@example.org"], server.Accepted.SelectMany(a => a.Recipients).Order());
    }

    [Fact]
    public async Task Data554IsAMessageRejectionThatNeitherSuppressesTheAddressNorStopsTheBatch()
    {
        await using var server = await StartAsync();
        server.DataFault = message => (message.Subject ?? "").Contains("spammy", StringComparison.Ordinal) ? Reply(554, "5.7.1 Message content rejected") : null;
        await using var pool = DeliveryPools.For(server.Port);
        var messages = new[]
        {
            DeliveryMessages.To("a@example.org", "fine"),
            DeliveryMessages.To("a@example.org", "spammy"),
            DeliveryMessages.To("b@example.org", "fine too"),
        };

        var results = await pool.SendBatchAsync(messages);

        Assert.Equal([DeliveryOutcome.Delivered, DeliveryOutcome.MessageRejected, DeliveryOutcome.Delivered], results.Select(r => r.Outcome));
        Assert.Equal(554, results[1].StatusCode);
        Assert.Null(results[1].Recipient);
        Assert.Contains("content rejected", results[1].Detail, StringComparison.Ordinal);
        Assert.Equal(2, server.Accepted.Count);
        Assert.Equal(1, server.SessionsStarted);
    }

    [Fact]
    public async Task MailFrom5xxIsFatalAndStopsTheBatch()
    {
        await using var server = await StartAsync();
        server.MailFromFault = Reply(553, "5.7.1 Sender address rejected: not owned by you");
        await using var pool = DeliveryPools.For(server.Port, maxConnections: 1);

        var results = await pool.SendBatchAsync(DeliveryMessages.ToEach("a@example.org", "b@example.org", "c@example.org", "d@example.org"));

        Assert.Equal(DeliveryOutcome.FatalConfiguration, results[0].Outcome);
        Assert.Equal(553, results[0].StatusCode);
        Assert.Contains("not owned by you", results[0].Detail, StringComparison.Ordinal);
        Assert.All(results.Skip(1), r => Assert.Equal(DeliveryOutcome.NotAttempted, r.Outcome));
        Assert.All(results.Skip(1), r => Assert.Contains("not owned by you", r.Detail, StringComparison.Ordinal));
        Assert.Empty(server.Accepted);
    }

    [Fact]
    public async Task RefusedAuthenticationIsFatal()
    {
        await using var server = await StartAsync(withAuthentication: true);
        await using var pool = DeliveryPools.For(server.Port, configure: o =>
        {
            o.Username = "papermail";
            o.Password = "wrong";
        });

        var results = await pool.SendBatchAsync(DeliveryMessages.ToEach("a@example.org", "b@example.org"));

        Assert.Equal(DeliveryOutcome.FatalConfiguration, results[0].Outcome);
        Assert.Contains("authentication", results[0].Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(DeliveryOutcome.NotAttempted, results[1].Outcome);
        Assert.Empty(server.Accepted);
    }

    [Fact]
    public async Task AcceptedAuthenticationDelivers()
    {
        await using var server = await StartAsync(withAuthentication: true);
        await using var pool = DeliveryPools.For(server.Port, configure: o =>
        {
            o.Username = "papermail";
            o.Password = AcceptedPassword;
        });

        var result = await pool.SendAsync(DeliveryMessages.To("a@example.org"));

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Single(server.Accepted);
    }

    [Fact]
    public async Task ConnectionDroppedMidDataIsTransientAndLaterMessagesGoThroughOnANewConnection()
    {
        // The SmtpServer package only hands over a message once DATA is complete, so a raw TCP peer drops this one.
        await using var peer = new ScriptedSmtpPeer(ScriptedSmtpPeer.Script.DropMidData);
        await using var pool = DeliveryPools.For(peer.Port);

        var dropped = await pool.SendAsync(DeliveryMessages.To("a@example.org", "dropped"));
        var later = await pool.SendBatchAsync([DeliveryMessages.To("a@example.org", "later 1"), DeliveryMessages.To("b@example.org", "later 2")]);

        Assert.Equal(DeliveryOutcome.TransientFailure, dropped.Outcome);
        Assert.Null(dropped.StatusCode);
        Assert.All(later, r => Assert.Equal(DeliveryOutcome.Delivered, r.Outcome));
        Assert.Equal(["later 1", "later 2"], peer.AcceptedSubjects);
        Assert.Equal(2, peer.Connections);
    }

    [Fact]
    public async Task StalledServerTimesOutAsTransientWithinTheCommandTimeoutAndThePoolRecovers()
    {
        await using var server = await StartAsync();
        server.DataDelay = TimeSpan.FromMinutes(5);
        await using var pool = DeliveryPools.For(server.Port, configure: o => o.CommandTimeout = TimeSpan.FromSeconds(1));

        var watch = Stopwatch.StartNew();
        // Without the timeout the send would wait out the server's five minutes: the bound only catches that hang.
        var stalled = await pool.SendAsync(DeliveryMessages.To("a@example.org")).WaitAsync(HangBound);
        watch.Stop();
        server.DataDelay = TimeSpan.Zero;
        var next = await pool.SendAsync(DeliveryMessages.To("b@example.org"));

        Assert.Equal(DeliveryOutcome.TransientFailure, stalled.Outcome);
        Assert.Contains("timed out", stalled.Detail, StringComparison.Ordinal);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"gave up after {watch.Elapsed}, before the 1 s timeout");
        Assert.Equal(DeliveryOutcome.Delivered, next.Outcome);
        Assert.Equal(2, pool.ConnectionsOpened);
        Assert.Equal(["b@example.org"], server.Accepted.Single().Recipients);
    }

    [Fact]
    public async Task ASilentServerTimesOutWaitingForTheGreetingAsTransientAndThePoolRecovers()
    {
        await using var peer = new ScriptedSmtpPeer(ScriptedSmtpPeer.Script.Silent);
        await using var pool = DeliveryPools.For(peer.Port, configure: o => o.CommandTimeout = TimeSpan.FromSeconds(1));

        var watch = Stopwatch.StartNew();
        // The peer never speaks: without the timeout the send would wait for ever.
        var silent = await pool.SendAsync(DeliveryMessages.To("a@example.org")).WaitAsync(HangBound);
        watch.Stop();
        var next = await pool.SendAsync(DeliveryMessages.To("b@example.org"));

        Assert.Equal(DeliveryOutcome.TransientFailure, silent.Outcome);
        Assert.Contains("timed out", silent.Detail, StringComparison.Ordinal);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"gave up after {watch.Elapsed}, before the 1 s timeout");
        Assert.Equal(DeliveryOutcome.Delivered, next.Outcome);
        Assert.Equal(2, peer.Connections);
    }

    [Fact]
    public async Task TheWholeMessageDeadlineAlsoCutsShortAWaitForTheGreeting()
    {
        await using var peer = new ScriptedSmtpPeer(ScriptedSmtpPeer.Script.Silent);
        await AssertTheOneSecondDeadlineCutsTheSendShortAsync(peer.Port);
    }

    [Fact]
    public async Task AHostNameIsResolvedAndEachOfItsAddressesTried()
    {
        // "localhost" may resolve to ::1 first; the server listens on 127.0.0.1 only.
        await using var server = await StartAsync();
        await using var pool = DeliveryPools.For(server.Port, configure: o => o.Host = "localhost");

        var result = await pool.SendAsync(DeliveryMessages.To("a@example.org"));

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        Assert.Equal(["a@example.org"], server.Accepted.Single().Recipients);
    }

    [Fact]
    public async Task WholeMessageDeadlineBoundsASlowServerEvenWhenEachReplyIsWithinTheCommandTimeout()
    {
        await using var server = await StartAsync();
        server.DataDelay = TimeSpan.FromSeconds(3);
        await AssertTheOneSecondDeadlineCutsTheSendShortAsync(server.Port);
    }

    /// <summary>
    /// A send with a 1 s whole-message deadline and a 10 min command timeout: transient, "timed out", not before 1 s.
    /// Were the deadline ignored, the slow server would deliver (its delay is under the command timeout) and the
    /// silent one would hold the send for the whole command timeout, far past <see cref="HangBound"/>.
    /// </summary>
    private static async Task AssertTheOneSecondDeadlineCutsTheSendShortAsync(int port)
    {
        await using var pool = DeliveryPools.For(port, configure: o =>
        {
            o.CommandTimeout = TimeSpan.FromMinutes(10);
            o.SendTimeout = TimeSpan.FromSeconds(1);
        });

        var watch = Stopwatch.StartNew();
        var result = await pool.SendAsync(DeliveryMessages.To("a@example.org")).WaitAsync(HangBound);

        Assert.Equal(DeliveryOutcome.TransientFailure, result.Outcome);
        Assert.Contains("timed out", result.Detail, StringComparison.Ordinal);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"gave up after {watch.Elapsed}, before the 1 s deadline");
    }

    /// <summary>Long enough for the busiest machine; only a send that waits out a server's stall goes past it.</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task NoServerListeningIsTransient()
    {
        int port;
        await using (var peer = new ScriptedSmtpPeer())
        {
            port = peer.Port;
        }

        await using var pool = DeliveryPools.For(port);

        var result = await pool.SendAsync(DeliveryMessages.To("a@example.org"));

        Assert.Equal(DeliveryOutcome.TransientFailure, result.Outcome);
        Assert.Contains("connection", result.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RequiredStartTlsThatTheServerDoesNotOfferIsFatal()
    {
        await using var server = await StartAsync();
        await using var pool = DeliveryPools.For(server.Port, configure: o => o.Security = PaperMail.Web.Mail.SmtpSecurity.StartTls);

        var result = await pool.SendAsync(DeliveryMessages.To("a@example.org"));

        Assert.Equal(DeliveryOutcome.FatalConfiguration, result.Outcome);
        Assert.Empty(server.Accepted);
    }
}
