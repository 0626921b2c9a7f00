using System.Diagnostics;
using System.Diagnostics.Metrics;
using PaperMail.Core.Delivery;
using PaperMail.Core.Digests;
using PaperMail.Core.Ingestion;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Operations;

namespace PaperMail.Web.Observability;

/// <summary>
/// The "PaperMail" meter and every instrument on it. Events are recorded where a job or a delivery ends; the gauges
/// are read from the database when scraped, so they are true whichever process did the work.
/// </summary>
/// <remarks>
/// prometheus-net prefixes each name with the meter's (<c>papermail_</c>), hence no prefix here; it exposes .NET
/// counters as Prometheus gauges on purpose (a .NET counter may be re-created, which would make a Prometheus counter go
/// back), so these names carry no <c>_total</c>.
/// </remarks>
public sealed class PaperMailMetrics
{
    public const string MeterName = "PaperMail";

    private readonly Counter<long> _papers;
    private readonly Counter<long> _sourceFailures;
    private readonly Histogram<double> _matchDuration;
    private readonly Counter<long> _matches;
    private readonly Counter<long> _digests;
    private readonly Histogram<double> _deliveryLatency;
    private readonly Counter<long> _smtpReplies;
    private readonly Histogram<double> _jobDuration;
    private readonly Counter<long> _jobFailures;

    public PaperMailMetrics(IMeterFactory meters, IOperationsCounts counts)
    {
        // From the factory, not `new Meter`: each app (and each test host) has its own meter, so counts never mix.
        Meter = meters.Create(MeterName);
        _papers = Meter.CreateCounter<long>("ingest.papers", "{paper}", "Papers stored by ingestion, by source and whether new or changed.");
        _sourceFailures = Meter.CreateCounter<long>("ingest.failures", "{run}", "Source runs that ended with an error, by source.");
        _matchDuration = Meter.CreateHistogram<double>("match.duration.seconds", "s", "Duration of match runs.");
        _matches = Meter.CreateCounter<long>("match.matches", "{match}", "Matches added by match runs.");
        _digests = Meter.CreateCounter<long>("digests", "{digest}", "Digest outcomes: sent, failed, retried, suppressed.");
        _deliveryLatency = Meter.CreateHistogram<double>("delivery.latency.seconds", "s", "From handing a message to the SMTP pool to the server's answer.");
        _smtpReplies = Meter.CreateCounter<long>("smtp.replies", "{reply}", "SMTP replies by class (2xx, 4xx, 5xx, none when no reply came).");
        _jobDuration = Meter.CreateHistogram<double>("job.duration.seconds", "s", "Duration of recurring job runs, by job.");
        _jobFailures = Meter.CreateCounter<long>("job.failures", "{run}", "Recurring job runs that threw, by job.");
        Meter.CreateObservableGauge("outbox.depth", () => Measure(counts.DigestsByState()), "{digest}", "Digests in the outbox, by state.");
        Meter.CreateObservableGauge("subscribers", () => Measure(counts.SubscribersByState()), "{subscriber}", "Subscribers, by state.");
    }

    public Meter Meter { get; }

    public void RecordSourceRuns(IEnumerable<SourceRun> runs)
    {
        foreach (var run in runs)
        {
            var source = new KeyValuePair<string, object?>("source", run.Source);
            _papers.Add(run.New, source, new("change", "new"));
            _papers.Add(run.Changed, source, new("change", "changed"));
            _sourceFailures.Add(run.Error is null ? 0 : 1, source);
        }
    }

    public void RecordMatchRun(MatchRun run, TimeSpan elapsed)
    {
        _matchDuration.Record(elapsed.TotalSeconds);
        _matches.Add(run.MatchesAdded);
    }

    public void RecordDigestRun(DigestRun run)
    {
        _digests.Add(run.Sent, new KeyValuePair<string, object?>("outcome", "sent"));
        _digests.Add(run.Failed, new KeyValuePair<string, object?>("outcome", "failed"));
        _digests.Add(run.Retrying, new KeyValuePair<string, object?>("outcome", "retried"));
        _digests.Add(run.Suppressed, new KeyValuePair<string, object?>("outcome", "suppressed"));
    }

    public void RecordDelivery(DeliveryResult result, TimeSpan elapsed)
    {
        if (result.Outcome == DeliveryOutcome.NotAttempted) return; // nothing went on the wire
        _deliveryLatency.Record(elapsed.TotalSeconds);
        var replyClass = result.StatusCode is { } code and >= 200 and < 600 ? $"{code / 100}xx" : "none";
        _smtpReplies.Add(1, new KeyValuePair<string, object?>("class", replyClass));
    }

    /// <summary>Times a job run and counts it as failed if it throws; the exception goes on to the scheduler.</summary>
    public async Task<T> TimeJobAsync<T>(string job, Func<Task<T>> run)
    {
        var tag = new KeyValuePair<string, object?>("job", job);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await run();
            _jobFailures.Add(0, tag); // the series exists (at 0) before the first failure
            return result;
        }
        catch
        {
            _jobFailures.Add(1, tag);
            throw;
        }
        finally
        {
            _jobDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
        }
    }

    private static IEnumerable<Measurement<long>> Measure(IReadOnlyDictionary<string, long> byState) =>
        byState.Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("state", kv.Key)));
}
