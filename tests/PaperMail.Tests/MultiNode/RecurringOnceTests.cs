using Hangfire;
using Hangfire.Storage.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using PaperMail.Tests.Support;
using PaperMail.Web.Housekeeping;

namespace PaperMail.Tests.MultiNode;

/// <summary>Each recurring job fires once across the nodes sharing one PostgreSQL database, not once per node.</summary>
[Collection(nameof(PostgresAppCollection))]
public sealed class RecurringOnceTests(PostgresCluster cluster)
{
    private const int Fires = 3;

    [Fact]
    public async Task ARecurringJobFiresOnceAcrossThreeNodes()
    {
        var database = await cluster.CreateEmptyDatabaseAsync();
        // Every 5 seconds (Hangfire reads a sixth field as seconds), on every node.
        var nodes = new[] { "node-a", "node-b", "node-c" }.Select(name => new PaperMailApp()
            .With("PaperMail:Database:Provider", "PostgreSql")
            .With("ConnectionStrings:PaperMail", cluster.ConnectionString(database))
            .With("PaperMail:Digest:NodeName", name)
            .With("PaperMail:Schedules:Housekeeping", "*/5 * * * * *")).ToList();
        try
        {
            foreach (var node in nodes) _ = node.Services; // starts the host, and its Hangfire server
            var storage = nodes[0].Services.GetRequiredService<JobStorage>();
            var monitoring = storage.GetMonitoringApi();
            await NodeWaits.UntilAsync(() => Task.FromResult(monitoring.Servers().Count == nodes.Count), "the three nodes' Hangfire servers");

            await NodeWaits.UntilAsync(() => Task.FromResult(Housekeeping(monitoring.SucceededJobs(0, 1000)).Count() >= Fires),
                $"{Fires} housekeeping runs", seconds: 120);

            // Every job the schedule made, whatever its state, with the fire time it was made for.
            var jobs = Housekeeping(monitoring.SucceededJobs(0, 1000))
                .Concat(Housekeeping(monitoring.ProcessingJobs(0, 1000)))
                .Concat(Housekeeping(monitoring.EnqueuedJobs("default", 0, 1000)))
                .Concat(Housekeeping(monitoring.FailedJobs(0, 1000)))
                .Concat(Housekeeping(monitoring.ScheduledJobs(0, 1000)))
                .Distinct().ToList();
            var fireTimes = jobs.Select(id => monitoring.JobDetails(id).Properties is { } p && p.TryGetValue("Time", out var t) ? t : null).ToList();
            Assert.DoesNotContain(null, fireTimes);
            // One job per fire time, made by one node (a job Hangfire retries after a failure keeps its id: still one).
            Assert.Equal(fireTimes.Count, fireTimes.Distinct().Count());
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    private static IEnumerable<string> Housekeeping<T>(JobList<T> jobs) =>
        jobs.Where(j => j.Value is not null && JobType(j.Value) == typeof(HousekeepingJob)).Select(j => j.Key);

    private static Type? JobType(object dto) => (dto.GetType().GetProperty("Job")?.GetValue(dto) as Hangfire.Common.Job)?.Type;
}
