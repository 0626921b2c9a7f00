namespace PaperMail.Core.Delivery;

/// <summary>
/// Watches one run's outcomes for a relay that fails everyone, and turns the outcome that shows it into a fatal one,
/// so the run stops instead of marking every subscriber or waiting out every timeout: the same refusal for
/// <paramref name="rejectionThreshold"/> different recipients in a row (<see cref="RelayRejectionDetector"/>), or
/// <paramref name="outageThreshold"/> attempts in a row that got no answer from the relay at all.
/// </summary>
public sealed class RelayWatch(int rejectionThreshold, int outageThreshold)
{
    private readonly RelayRejectionDetector _rejections = new(rejectionThreshold);
    private int _unanswered;

    public DeliveryResult Judge(DeliveryResult result)
    {
        if (_rejections.Observe(result))
        {
            return DeliveryResult.Fatal(result.StatusCode,
                $"the relay refuses every recipient alike: {result.Detail} ({_rejections.Threshold} different recipients in a row); nobody was suppressed for it")
                with { Problem = DeliveryProblemKinds.RelayRejects, Recipient = result.Recipient };
        }

        // No reply at all (refused, dropped, timed out): a 4xx or any other answer means the relay is there.
        if (result.Outcome == DeliveryOutcome.NotAttempted) return result;
        if (result is not { Outcome: DeliveryOutcome.TransientFailure, StatusCode: null })
        {
            Volatile.Write(ref _unanswered, 0);
            return result;
        }

        var count = Interlocked.Increment(ref _unanswered);
        if (count >= outageThreshold)
        {
            return DeliveryResult.Fatal(null, $"the relay cannot be reached: {result.Detail} ({count} attempts in a row)")
                with { Problem = DeliveryProblemKinds.RelayDown };
        }

        return result;
    }
}
