using System.ComponentModel.DataAnnotations;

namespace PaperMail.Core.Semantic;

/// <summary>Everything under <c>PaperMail:Semantic</c>.</summary>
public sealed class SemanticOptions
{
    public const string Section = "PaperMail:Semantic";

    /// <summary>Off: no model is loaded, no paper is embedded, the "similar papers" alert kind is not offered.</summary>
    public bool Enabled { get; set; }

    /// <summary>Papers embedded per model call; larger batches pad more (every text is padded to the longest).</summary>
    [Range(1, 256)]
    public int BatchSize { get; set; } = 8;

    /// <summary>Threads the model may use per call (0: the runtime's choice).</summary>
    [Range(0, 64)]
    public int Threads { get; set; } = 0;

    /// <summary>Cron (UTC) of the <c>embed</c> job that gives papers their vectors ahead of the match job.</summary>
    [Required, MinLength(9)]
    public string Schedule { get; set; } = "*/10 * * * *";

    /// <summary>Papers one run of the <c>embed</c> job looks at; the rest wait for the next run (the job is resumable).</summary>
    [Range(1, 1_000_000)]
    public int MaxPapersPerRun { get; set; } = 2_000;

    /// <summary>The threshold a new alert made of a description alone starts with (docs/semantic.md says how it was chosen).</summary>
    [Range(0.2, 0.95)]
    public double DefaultThreshold { get; set; } = SimilarAlert.DefaultThreshold;

    /// <summary>The threshold a new alert with one or more example papers starts with, with or without a description.</summary>
    [Range(0.2, 0.95)]
    public double ExamplesDefaultThreshold { get; set; } = SimilarAlert.ExamplesDefaultThreshold;

    /// <summary>The threshold a new alert with this many example papers starts with.</summary>
    public double DefaultThresholdFor(int exampleCount) => exampleCount == 0 ? DefaultThreshold : ExamplesDefaultThreshold;
}
