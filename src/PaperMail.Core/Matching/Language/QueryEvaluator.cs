using PaperMail.Core.Matching.Index;

namespace PaperMail.Core.Matching.Language;

/// <summary>
/// The brute-force path: one query against papers, no index. The live preview uses it; it runs the same compiled
/// evaluator as <see cref="Percolator"/>, so a preview and a digest agree by construction.
/// </summary>
public static class QueryEvaluator
{
    /// <summary>The match of <paramref name="query"/> on <paramref name="paper"/>, or null when it does not match.</summary>
    public static QueryMatch? Evaluate(ParsedQuery query, MatchablePaper paper, int? minUpvotes = null) =>
        EvaluateAll(query, [paper], minUpvotes).FirstOrDefault();

    /// <summary>Every paper the query matches, in input order.</summary>
    public static IReadOnlyList<QueryMatch> EvaluateAll(ParsedQuery query, IEnumerable<MatchablePaper> papers, int? minUpvotes = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(papers);
        var terms = new InternTable();
        var labels = new InternTable();
        var buffer = new IntBuffer(64);
        QueryCompiler.Compile(query.Root, terms, labels, buffer);
        var code = buffer.ToTrimmedArray();
        var table = new PaperTermTable(terms.Count);
        var matches = new List<QueryMatch>();
        foreach (var paper in papers)
        {
            if (!MatchScore.PassesMinUpvotes(minUpvotes, paper.Upvotes)) continue;
            table.Load(paper, terms);
            if (!QueryProgramEvaluator.Matches(code, 0, table)) continue;
            var hits = new List<TermHit>();
            double relevance = QueryProgramEvaluator.Explain(code, 0, table, labels, hits);
            matches.Add(new QueryMatch(paper.PaperId, relevance, MatchScore.Combine(relevance, paper.Upvotes), hits));
        }
        return matches;
    }
}
