using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Papers;

namespace PaperMail.Web.Admin;

/// <summary>The JSON admin API, for automation: run jobs now, follow them, read the numbers.</summary>
public static class AdminApi
{
    public const string Policy = "AdminApi";

    /// <summary>Jobs that can be run now by name; grows as features land.</summary>
    public static readonly HashSet<string> RunnableJobs = new(StringComparer.Ordinal) { Ingestion.IngestJob.Name, Matching.MatchJob.Name, Digests.DigestJob.Name, Housekeeping.HousekeepingJob.Name };

    public static WebApplicationBuilder AddAdminApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole("admin"));
        return builder;
    }

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").RequireAuthorization(Policy).DisableAntiforgery();
        group.MapPost("/jobs/{name}", RunJob);
        group.MapGet("/jobs/{jobId}", GetJob).WithName("GetJob");
        group.MapGet("/stats", GetStats);
        return group;
    }

    public sealed record JobAccepted(string JobId);

    public sealed record JobStatus(string JobId, string State, string? Error);

    private static Results<Accepted<JobAccepted>, NotFound<string>> RunJob(string name, IRecurringJobManagerV2 jobs, LinkGenerator links, HttpContext http)
    {
        if (!RunnableJobs.Contains(name)) return TypedResults.NotFound($"No job named '{name}'. Known: {string.Join(", ", RunnableJobs)}.");
        var jobId = jobs.TriggerJob(name);
        var location = links.GetPathByName(http, "GetJob", new { jobId });
        return TypedResults.Accepted(location, new JobAccepted(jobId));
    }

    private static Results<Ok<JobStatus>, NotFound> GetJob(string jobId, JobStorage storage)
    {
        using var connection = storage.GetConnection();
        StateData? state;
        try
        {
            state = connection.GetStateData(jobId);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return TypedResults.NotFound(); // not an id this storage could have issued
        }
        if (state is null) return TypedResults.NotFound();
        var error = state.Data.TryGetValue("ExceptionMessage", out var message) ? message : null;
        return TypedResults.Ok(new JobStatus(jobId, state.Name, error));
    }

    public sealed record Stats(long Papers, long PapersNewLast24h, IReadOnlyList<SourceRun> Sources);

    private static async Task<Ok<Stats>> GetStats(IPaperStore papers, ISourceRunStore runs, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(new Stats(
            await papers.CountAsync(ct),
            await papers.CountFirstSeenSinceAsync(clock.GetUtcNow().AddHours(-24), ct),
            await runs.GetLatestPerSourceAsync(ct)));
}
