namespace PaperMail.Web.Health;

/// <summary>When this process started, by the app's clock: a job that never ran is measured from here.</summary>
public sealed class StartedAt(TimeProvider clock)
{
    public DateTimeOffset Value { get; } = clock.GetUtcNow();
}
