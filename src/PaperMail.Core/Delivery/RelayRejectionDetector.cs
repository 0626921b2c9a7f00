using PaperMail.Core.Bounces;

namespace PaperMail.Core.Delivery;

/// <summary>
/// Tells a relay that refuses everyone from recipients that are refused one by one: the same refusal (reply code and
/// enhanced status) for <see cref="Threshold"/> different recipients in a row, none of it the recipients' own fault
/// (e.g. <c>554 5.7.1 Relay access denied</c>), is a configuration problem. A delivery or any other refusal in
/// between breaks the run. Thread-safe; outcomes are taken in the order they are reported.
/// </summary>
public sealed class RelayRejectionDetector(int threshold)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _recipients = new(StringComparer.OrdinalIgnoreCase);
    private string? _streakKey;
    private DeliveryResult? _trippedBy;

    public int Threshold { get; } = threshold >= 2 ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold), "at least 2");

    /// <summary>The refusal that tripped it, once it has.</summary>
    public DeliveryResult? TrippedBy
    {
        get { lock (_lock) return _trippedBy; }
    }

    /// <summary>Takes one outcome; true when the relay is judged to refuse everyone (from now on, every matching refusal is).</summary>
    public bool Observe(DeliveryResult result)
    {
        lock (_lock)
        {
            switch (result.Outcome)
            {
                case DeliveryOutcome.Delivered:
                    Reset();
                    return false;
                case DeliveryOutcome.RecipientRejected:
                    break;
                default:
                    // A 4xx, a drop or a message refused after DATA says nothing about a streak of RCPT refusals.
                    return false;
            }

            var key = Key(result);
            if (_trippedBy is not null) return key == _streakKey;
            if (FailureClassifier.Classify(result.StatusCode, null, result.Detail).Verdict != BounceVerdict.Ignore)
            {
                // The recipient's own (5.1.1 …): not a relay problem, and it ends any streak.
                Reset();
                return false;
            }

            if (key != _streakKey)
            {
                Reset();
                _streakKey = key;
            }

            _recipients.Add(result.Recipient ?? "");
            if (_recipients.Count < Threshold) return false;
            _trippedBy = result;
            return true;
        }
    }

    /// <summary>Reply code and enhanced status: what "the same refusal" means.</summary>
    public static string Key(DeliveryResult result) =>
        $"{result.StatusCode} {EnhancedStatusCode.Find(result.Detail)?.ToString() ?? ""}".TrimEnd();

    private void Reset()
    {
        _streakKey = null;
        _recipients.Clear();
    }
}
