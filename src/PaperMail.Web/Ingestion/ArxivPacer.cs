namespace PaperMail.Web.Ingestion;

/// <summary>
/// arXiv's terms ask for at most one request every 3 seconds from a client. This handler spaces requests to
/// *.arxiv.org hosts accordingly; other hosts pass straight through. The gate is shared by every HttpClient built
/// from the factory (singleton state, transient handler).
/// </summary>
public sealed class ArxivPacer(TimeSpan minInterval, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    public static bool AppliesTo(Uri? uri) =>
        uri is not null && (uri.Host.Equals("arxiv.org", StringComparison.OrdinalIgnoreCase)
                            || uri.Host.EndsWith(".arxiv.org", StringComparison.OrdinalIgnoreCase));

    public async Task WaitTurnAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var wait = _last + minInterval - clock.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, ct);
            _last = clock.GetUtcNow();
        }
        finally
        {
            _gate.Release();
        }
    }
}

public sealed class ArxivPacingHandler(ArxivPacer pacer) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (ArxivPacer.AppliesTo(request.RequestUri)) await pacer.WaitTurnAsync(cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
