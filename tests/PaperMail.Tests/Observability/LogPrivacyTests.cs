using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PaperMail.Tests.Subscribing;
using PaperMail.Tests.Support;
using PaperMail.Web.Digests;
using PaperMail.Web.Ingestion;

namespace PaperMail.Tests.Observability;

[Collection(nameof(AppCollection))]
public partial class LogPrivacyTests
{
    [Fact]
    public async Task NoEmailAddressIsLoggedAtInformationFromSubscribingToTheDigest()
    {
        var logs = new CapturedLogs();
        // Monday 30 November 2026, 08:00 UTC: the weekly digest the form's default asks for is due.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        await using var bed = new SubscribingTestBed(app => app
            .WithSource(0, "demo", "File", path: RepoPaths.SeedPapers)
            .WithServices(s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddSingleton<ILoggerProvider>(logs);
            }));

        await bed.SubscribeAndConfirmAsync("Ada.Lovelace@example.org", "multilingual");
        await RunAsync<IngestJob>(bed.App, j => j.RunAsync(CancellationToken.None));
        await RunAsync<PaperMail.Web.Matching.MatchJob>(bed.App, j => j.RunAsync(CancellationToken.None));
        await RunAsync<DigestJob>(bed.App, j => j.RunAsync(CancellationToken.None));
        var digest = await bed.Smtp.NextAsync();
        Assert.Contains("multilingual", digest.TextBody, StringComparison.OrdinalIgnoreCase);

        var informational = logs.Entries.Where(e => e.Level >= LogLevel.Information).ToList();
        // The capture sees the flow (else this test could pass over nothing): the digest run logs its counts.
        Assert.Contains(informational, e => e.Category.StartsWith("PaperMail.", StringComparison.Ordinal) && e.Category.Contains("Digest", StringComparison.Ordinal));
        Assert.All(informational, e =>
        {
            Assert.DoesNotMatch(EmailAddress(), e.Message);
            Assert.DoesNotMatch(EmailAddress(), e.Exception ?? "");
            Assert.DoesNotContain("lovelace", e.Message, StringComparison.OrdinalIgnoreCase);
        });
    }

    private static async Task RunAsync<T>(PaperMailApp app, Func<T, Task> run) where T : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        await run(scope.ServiceProvider.GetRequiredService<T>());
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")]
    private static partial Regex EmailAddress();
}
