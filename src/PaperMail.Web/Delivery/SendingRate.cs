using System.Threading.RateLimiting;

namespace PaperMail.Web.Delivery;

/// <summary>
/// The provider's sending quota (<c>MaxMessagesPerSecond</c>, <c>MaxMessagesPerHour</c>), shared by every connection
/// of the pool: a worker takes a permit before each message and, when none is left, sleeps on its own thread until one
/// comes back. Per second is a token bucket refilled in tenths of a second, so a quota of 10/s sends about one message
/// every 100 ms rather than 10 at once and then nothing; per hour is a fixed window.
/// </summary>
internal sealed class SendingRate : IDisposable
{
    private readonly RateLimiter? _limiter;

    public SendingRate(int perSecond, int perHour)
    {
        var limiters = new List<RateLimiter>();
        if (perSecond > 0)
        {
            var slices = Math.Min(10, perSecond);
            limiters.Add(new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, perSecond / slices),
                TokensPerPeriod = Math.Max(1, perSecond / slices),
                ReplenishmentPeriod = TimeSpan.FromSeconds(1.0 / slices),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
        }
        if (perHour > 0)
        {
            limiters.Add(new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
            {
                PermitLimit = perHour,
                Window = TimeSpan.FromHours(1),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
        }
        _limiter = limiters.Count switch
        {
            0 => null,
            1 => limiters[0],
            _ => RateLimiter.CreateChained([.. limiters]),
        };
    }

    /// <summary>Blocks the calling worker until a message may go; returns at once without a quota.</summary>
    public void WaitForTurn(CancellationToken cancellationToken)
    {
        if (_limiter is null) return;
        using var lease = _limiter.AttemptAcquire();
        if (lease.IsAcquired) return;
        using var waited = _limiter.AcquireAsync(1, cancellationToken).AsTask().GetAwaiter().GetResult();
        if (!waited.IsAcquired) throw new OperationCanceledException("no sending permit", cancellationToken);
    }

    public void Dispose() => _limiter?.Dispose();
}
