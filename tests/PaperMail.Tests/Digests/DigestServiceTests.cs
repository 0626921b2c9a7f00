using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Core.Delivery;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Matching.Language;
using PaperMail.Core.Papers;
using PaperMail.Store.Shared;
using PaperMail.Store.Sqlite;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Digests;

/// <summary>The outbox logic against a real database; the mailer answers as a script says (SMTP itself is tested in Delivery).</summary>
public sealed class DigestServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
    private TestDatabase _db = null!;
    private DigestStore _store = null!;
    private readonly ScriptedMailer _mailer = new();
    private readonly List<long> _subscribers = [];

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _store = new DigestStore(_db.Database);
        await new PaperStore(_db.Database).UpsertAsync("t", [new IncomingPaper { Id = "2601.00001", Title = "LLM paper", Upvotes = 3 }], _clock.GetUtcNow());
        var matches = new MatchStore(_db.Database);
        foreach (var email in new[] { "a@example.org", "b@example.org", "c@example.org" })
        {
            var id = await SubscriptionRows.AddSubscriberAsync(_db.Database, email);
            var alert = await SubscriptionRows.AddAlertAsync(_db.Database, id, "LLM");
            await matches.SaveAsync([new NewMatch(alert, id, "2601.00001", 1, 1, [new TermHit("LLM", MatchFields.Title)])], _clock.GetUtcNow(), null, []);
            _subscribers.Add(id);
        }
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private DigestService Service(int maxAttempts = 2) => new(_store, new DigestComposer(Options.Create(new DigestOptions())), _mailer, _mailer, _mailer,
        Options.Create(new DigestOptions { MaxAttempts = maxAttempts }), _clock, NullLogger<DigestService>.Instance,
        new BounceStore(_db.Database), new DeliveryStatusStore(_db.Database), Options.Create(new PaperMail.Core.Bounces.BounceOptions()));

    [Fact]
    public async Task EachDueSubscriberGetsOneDigestAndASecondRunSendsNothing()
    {
        var first = await Service().RunAsync(CancellationToken.None);
        var second = await Service().RunAsync(CancellationToken.None);

        Assert.Equal((3, 3), (first.Planned, first.Sent));
        Assert.Equal((0, 0), (second.Planned, second.Sent));
        Assert.Equal(["a@example.org", "b@example.org", "c@example.org"], _mailer.Sent.Order());
    }

    [Fact]
    public async Task NothingIsSentBeforeTheSendHour()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 6, 59, 0, TimeSpan.Zero));
        var run = await Service().RunAsync(CancellationToken.None);
        Assert.Equal((0, 0), (run.Planned, run.Sent));
    }

    [Fact]
    public async Task OutcomesAreRecordedPerDigestWithoutStoppingTheBatch()
    {
        _mailer.Script["a@example.org"] = DeliveryResult.Transient(451, "4.3.0 try later");
        _mailer.Script["b@example.org"] = new DeliveryResult(DeliveryOutcome.RecipientRejected, 550, "5.1.1 no such user", "b@example.org");

        var run = await Service().RunAsync(CancellationToken.None);

        Assert.Equal((1, 1, 1), (run.Sent, run.Retrying, run.Suppressed));
        Assert.Equal(DigestState.Pending, (await _store.GetAsync(1))!.State);
        Assert.Equal(DigestState.Suppressed, (await _store.GetAsync(2))!.State);
        Assert.Equal(DigestState.Sent, (await _store.GetAsync(3))!.State);

        _mailer.Script.Clear();
        // The first retry waits five minutes.
        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await Service().RunAsync(CancellationToken.None)).Sent);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var retry = await Service().RunAsync(CancellationToken.None);
        Assert.Equal(1, retry.Sent);
        Assert.Equal(DigestState.Sent, (await _store.GetAsync(1))!.State);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(5, 80)]
    [InlineData(6, 160)]
    [InlineData(7, 320)]
    [InlineData(8, 360)]
    [InlineData(30, 360)]
    public void RetriesWaitFiveMinutesDoublingUpToSixHours(int attempts, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), DigestService.Backoff(attempts));
    }

    [Fact]
    public async Task EachRetryWaitsOutItsBackoffBeforeTheNextAttempt()
    {
        _mailer.Script["a@example.org"] = DeliveryResult.Transient(451, "4.3.0 try later");
        await Service(maxAttempts: 4).RunAsync(CancellationToken.None); // attempt 1 fails at 08:00

        // Attempt 2 is due 5 minutes later, attempt 3 10 minutes after that, attempt 4 20 minutes after that.
        foreach (var (wait, attempt) in new[] { (5, 2), (10, 3), (20, 4) })
        {
            _clock.Advance(TimeSpan.FromMinutes(wait) - TimeSpan.FromSeconds(1));
            await Service(maxAttempts: 4).RunAsync(CancellationToken.None);
            Assert.Equal(attempt - 1, (await _store.GetAsync(1))!.Attempts);
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Service(maxAttempts: 4).RunAsync(CancellationToken.None);
            Assert.Equal(attempt, (await _store.GetAsync(1))!.Attempts);
        }
        Assert.Equal(DigestState.Failed, (await _store.GetAsync(1))!.State);
    }

    [Fact]
    public async Task ATransientFailureOnEveryAttemptEndsFailed()
    {
        _mailer.Script["a@example.org"] = DeliveryResult.Transient(421, "4.7.0 busy");
        await Service().RunAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));

        var run = await Service().RunAsync(CancellationToken.None);

        Assert.Equal(1, run.Failed);
        Assert.Equal(DigestState.Failed, (await _store.GetAsync(1))!.State);
        Assert.Contains("421", (await _store.GetAsync(1))!.LastError);
    }

    [Fact]
    public async Task AConfigurationFailureStopsTheJobAndLeavesTheDigestsToSendLater()
    {
        _mailer.Fatal = DeliveryResult.Fatal(553, "5.7.1 sender not allowed");

        var error = await Assert.ThrowsAsync<DigestDeliveryStoppedException>(() => Service().RunAsync(CancellationToken.None));

        Assert.Contains("553", error.Message);
        Assert.All(Enumerable.Range(1, 3), id => Assert.Equal(DigestState.Pending, _store.GetAsync(id).Result!.State));
        _mailer.Fatal = null;
        Assert.Equal(3, (await Service().RunAsync(CancellationToken.None)).Sent);
    }

    [Fact]
    public async Task AfterAKillMidBatchTheRestIsSentOnceTheClaimIsStaleAndNothingTwice()
    {
        _mailer.CrashAfter = 1;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Service().RunAsync(CancellationToken.None));
        Assert.Single(_mailer.Sent);

        _mailer.CrashAfter = null;
        Assert.Equal(0, (await Service().RunAsync(CancellationToken.None)).Sent); // the claims are still fresh
        _clock.Advance(DigestService.ClaimTimeout + TimeSpan.FromSeconds(1));
        var restart = await Service().RunAsync(CancellationToken.None);

        Assert.Equal(2, restart.Sent);
        Assert.Equal(3, _mailer.Sent.Count);
        Assert.Equal(3, _mailer.Sent.Distinct().Count());
    }

    [Fact]
    public async Task DigestsWaitingPastTheClaimTimeoutBehindASlowServerAreNotTakenAgainByTheirOwnRun()
    {
        // The server is slow: more than ClaimTimeout passes before the first answer, while the next batch is claimed.
        var slow = true;
        _mailer.BeforeNextBatch = () =>
        {
            if (slow) _clock.Advance(DigestService.ClaimTimeout + TimeSpan.FromMinutes(1));
            slow = false;
        };

        var run = await Service().RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, run.Sent);
        Assert.Equal(["a@example.org", "b@example.org", "c@example.org"], _mailer.Sent.Order());
        Assert.All(Enumerable.Range(1, 3), id => Assert.Equal(DigestState.Sent, _store.GetAsync(id).Result!.State));
    }

    /// <summary>
    /// The host's stages of the pipeline (links, render, send), answering as the script says: the real pipeline claims,
    /// composes and records around them.
    /// </summary>
    private sealed class ScriptedMailer : IDigestLinkStage, IDigestRenderStage, IDigestSender, IDigestSendStage
    {
        private readonly Lock _lock = new();
        private readonly List<string> _sent = [];

        public Dictionary<string, DeliveryResult> Script { get; } = new(StringComparer.Ordinal);
        public DeliveryResult? Fatal { get; set; }

        /// <summary>The addresses delivered to.</summary>
        public IReadOnlyList<string> Sent
        {
            get
            {
                lock (_lock) return [.. _sent];
            }
        }

        /// <summary>When set, the process "dies" after this many messages: the rest of the batch is never reported.</summary>
        public int? CrashAfter { get; set; }

        /// <summary>Runs after each batch's links are minted, before the next batch is claimed.</summary>
        public Action? BeforeNextBatch { get; set; }

        public Task<IReadOnlyList<DigestLinks>> MintAsync(IReadOnlyList<DigestEnvelope> batch, CancellationToken ct)
        {
            IReadOnlyList<DigestLinks> links = [.. batch.Select(e => ScriptedStages.Links(e.Digest.Id))];
            BeforeNextBatch?.Invoke();
            return Task.FromResult(links);
        }

        public Task<MimeKit.MimeMessage> RenderAsync(DigestEnvelope envelope, DigestLinks links, CancellationToken ct)
        {
            var message = Delivery.DeliveryMessages.To(envelope.Digest.Email, envelope.Content.Subject);
            message.MessageId = links.MessageId;
            return Task.FromResult(message);
        }

        public IDigestSendStage StartRun() => this;

        public Task<DeliveryResult> SendAsync(MimeKit.MimeMessage message, MimeKit.MailboxAddress? envelopeSender, CancellationToken ct)
        {
            var to = message.To.Mailboxes.Single().Address;
            lock (_lock)
            {
                if (CrashAfter is { } n && _sent.Count >= n) throw new OperationCanceledException("simulated kill");
                var result = Fatal ?? Script.GetValueOrDefault(to) ?? DeliveryResult.Delivered("250 ok");
                if (result.IsDelivered) _sent.Add(to);
                return Task.FromResult(result);
            }
        }

        public void Dispose()
        {
        }
    }
}
