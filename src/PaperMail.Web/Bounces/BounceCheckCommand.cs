using System.Text.Json;
using MimeKit;
using PaperMail.Core.Bounces;

namespace PaperMail.Web.Bounces;

/// <summary>
/// <c>dotnet run --project src/PaperMail.Web -- bounce-check FILE.eml…</c>: prints, one JSON object per line and file,
/// what the <c>bounces</c> job would make of each message (the same <see cref="BounceParser"/>). The app does not start.
/// </summary>
public static class BounceCheckCommand
{
    public const string Name = "bounce-check";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static bool TryRun(string[] args)
    {
        if (args is not [Name, ..]) return false;
        Environment.ExitCode = Run(args[1..], Console.Out, Console.Error);
        return true;
    }

    public static int Run(IReadOnlyList<string> files, TextWriter output, TextWriter error)
    {
        if (files.Count == 0)
        {
            error.WriteLine($"Usage: {Name} FILE.eml [FILE.eml …]");
            return 2;
        }

        var failed = 0;
        foreach (var file in files)
        {
            try
            {
                output.WriteLine(JsonSerializer.Serialize(Check(file), Json));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                error.WriteLine($"{file}: {e.Message}");
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    public sealed record Result(string File, string Kind, string? OriginalMessageId, IReadOnlyList<Recipient> Recipients);

    public sealed record Recipient(string? Address, string Verdict, string? Status, string Reason);

    public static Result Check(string file)
    {
        using var message = MimeMessage.Load(file);
        var report = BounceParser.Parse(message);
        return new Result(file, report.Kind, report.OriginalMessageId,
            [.. report.Recipients.Select(r => new Recipient(r.Address, r.Verdict.ToText(), r.Status, r.Reason))]);
    }
}
