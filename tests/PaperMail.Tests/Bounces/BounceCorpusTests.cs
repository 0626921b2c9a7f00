using PaperMail.Core.Bounces;
using PaperMail.Tests.Support;
using PaperMail.Web.Bounces;
using Xunit.Abstractions;

namespace PaperMail.Tests.Bounces;

/// <summary>
/// Real bounces and complaints from many MTAs and providers (tests/fixtures/bounces, see SOURCES.md), judged by the
/// bounce-check code and compared with the verdicts a mature parser (Sisimai) records for the same mails.
/// </summary>
public sealed class BounceCorpusTests(ITestOutputHelper output)
{
    private static string Folder => Path.Combine(RepoPaths.RepositoryRoot, "tests", "fixtures", "bounces");

    /// <summary>Sisimai's expectation as a PaperMail verdict: its hard-bounce flag, its "feedback" reason, its auto-replies.</summary>
    private static string Expected(string reason, bool hard) => reason switch
    {
        "feedback" => "complaint",
        "vacation" or "delivered" => "ignore",
        _ => hard ? "hard" : "not-hard",
    };

    private static bool Agrees(string expected, string verdict) => expected switch
    {
        "not-hard" => verdict is "soft" or "ignore",
        _ => verdict == expected,
    };

    private static IEnumerable<(string File, int Index, string Status, string Expected)> Expectations() =>
        File.ReadLines(Path.Combine(Folder, "expected-sisimai.tsv"))
            .Where(l => !l.StartsWith('#') && l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(f => (f[0], int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), f[2], Expected(f[4], f[5] == "true")));

    [Fact]
    public void MostVerdictsAgreeWithAMatureParserAcrossTheCorpus()
    {
        var rows = Expectations().ToList();
        var agreed = 0;
        var byKind = new Dictionary<string, (int Agreed, int Total)>();
        foreach (var (file, index, _, expected) in rows)
        {
            var result = BounceCheckCommand.Check(Path.Combine(Folder, file));
            var verdict = result.Recipients.Count >= index ? result.Recipients[index - 1].Verdict : result.Recipients.FirstOrDefault()?.Verdict ?? "none";
            var ok = Agrees(expected, verdict);
            if (ok) agreed++;
            else output.WriteLine($"{file}#{index}: expected {expected}, got {verdict} ({result.Kind}: {string.Join("; ", result.Recipients.Select(r => $"{r.Address} {r.Status} {r.Reason}"))})");
            var kind = file[..file.LastIndexOf('-')];
            var (a, t) = byKind.GetValueOrDefault(kind);
            byKind[kind] = (a + (ok ? 1 : 0), t + 1);
        }

        foreach (var (kind, (a, t)) in byKind.OrderBy(k => k.Key)) output.WriteLine($"{kind}: {a}/{t}");
        output.WriteLine($"agreement: {agreed}/{rows.Count} = {agreed / (double)rows.Count:P1}");
        Assert.True(agreed >= rows.Count * 0.80, $"only {agreed} of {rows.Count} verdicts agree with Sisimai's");
    }

    [Fact]
    public void AnArfAbuseReportIsAComplaintAboutTheOriginalRecipient()
    {
        var result = BounceCheckCommand.Check(Path.Combine(Folder, "arf-01.eml"));

        Assert.Equal("arf", result.Kind);
        Assert.All(result.Recipients, r => Assert.Equal("complaint", r.Verdict));
    }

    [Fact]
    public void AutoRepliesAreIgnored()
    {
        foreach (var file in Directory.GetFiles(Folder, "rfc3834-*.eml"))
        {
            var result = BounceCheckCommand.Check(file);
            Assert.All(result.Recipients, r => Assert.Equal("ignore", r.Verdict));
        }
    }

    [Fact]
    public void APostfixDsnNamesTheFailedRecipientAndItsStatus()
    {
        // lhost-postfix-04.eml: Final-Recipient kijitora@example.co.jp, Status 5.1.1, "550 5.1.1 ... User unknown".
        var result = BounceCheckCommand.Check(Path.Combine(Folder, "lhost-postfix-04.eml"));

        var recipient = Assert.Single(result.Recipients);
        Assert.Equal(("dsn", "hard", "5.1.1"), (result.Kind, recipient.Verdict, recipient.Status));
        Assert.Contains("@", recipient.Address);
    }

    [Fact]
    public void BounceCheckPrintsOneJsonObjectPerFile()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = BounceCheckCommand.Run([Path.Combine(Folder, "lhost-postfix-04.eml"), Path.Combine(Folder, "arf-01.eml")], output, error);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, code);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("{\"file\":", l));
        Assert.Contains("\"verdict\":\"complaint\"", lines[1]);
    }
}
