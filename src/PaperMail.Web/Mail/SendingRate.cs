using System.Threading.RateLimiting;

namespace PaperMail.Web.Mail;

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

    /// <summary>
    /// Blocks the calling worker until a message may go, at most <paramref name="longest"/>; false when no permit came in
    /// that time (the hourly quota is used up). Returns at once without a quota.
    /// </summary>
    public bool WaitForTurn(TimeSpan longest, CancellationToken cancellationToken)
    {
        if (_limiter is null) return true;
        using (var lease = _limiter.AttemptAcquire())
        {
            if (lease.IsAcquired) return true;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(longest);
        try
        {
            using var waited = _limiter.AcquireAsync(1, deadline.Token).AsTask().GetAwaiter().GetResult();
            return waited.IsAcquired;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _limiter?.Dispose();
}
