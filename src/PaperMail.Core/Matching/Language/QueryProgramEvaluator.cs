using PaperMail.Core.Matching.Index;

namespace PaperMail.Core.Matching.Language;

/// <summary>
/// Evaluates compiled queries (<see cref="QueryOp"/>) against a loaded <see cref="PaperTermTable"/>. This is the
/// single matching implementation: the percolator's verification, its brute-force baseline and the one-query
/// preview (<see cref="QueryEvaluator"/>) all run it, so they cannot disagree.
/// </summary>
internal static class QueryProgramEvaluator
{
    private static readonly MatchFields[] TitleAndAbstract = [MatchFields.Title, MatchFields.Abstract];
    private static readonly MatchFields[] TitleOnly = [MatchFields.Title];
    private static readonly MatchFields[] AbstractOnly = [MatchFields.Abstract];
    private static readonly MatchFields[] AuthorOnly = [MatchFields.Author];
    private static readonly MatchFields[] OrganizationOnly = [MatchFields.Organization];

    public static bool Matches(int[] code, int position, PaperTermTable paper)
    {
        int header = code[position];
        int count = QueryOp.CountOf(header);
        switch (QueryOp.OpOf(header))
        {
            case QueryOp.Term:
                return TermOccurs(code, position, paper);
            case QueryOp.And:
            {
                int child = position + 2;
                for (int i = 0; i < count; i++, child += QueryOp.SizeAt(code, child))
                    if (!Matches(code, child, paper)) return false;
                return true;
            }
            case QueryOp.Or:
            {
                int child = position + 2;
                for (int i = 0; i < count; i++, child += QueryOp.SizeAt(code, child))
                    if (Matches(code, child, paper)) return true;
                return false;
            }
            default:
                return !Matches(code, position + 2, paper);
        }
    }

    /// <summary>
    /// Relevance and hits over the positive terms of a query already known to match. <paramref name="memo"/>, when
    /// given, holds the terms already explained on this paper (the percolator explains many alerts per paper).
    /// </summary>
    public static double Explain(int[] code, int position, PaperTermTable paper, InternTable labels, List<TermHit> hits, ExplainMemo? memo = null)
    {
        int header = code[position];
        switch (QueryOp.OpOf(header))
        {
            case QueryOp.Term:
                return ExplainTerm(code, position, paper, labels, hits, memo);
            case QueryOp.Not:
                return 0; // exclusions never explain a match
            default:
                double relevance = 0;
                int child = position + 2;
                for (int i = 0; i < QueryOp.CountOf(header); i++, child += QueryOp.SizeAt(code, child))
                    relevance += Explain(code, child, paper, labels, hits, memo);
                return relevance;
        }
    }

    private static bool TermOccurs(int[] code, int position, PaperTermTable paper)
    {
        int header = code[position];
        int tokens = QueryOp.CountOf(header);
        var field = QueryOp.FieldOf(header);
        int mask = PaperTermTable.MaskOf(field);
        int first = position + 2;
        for (int i = 0; i < tokens; i++)
            if (!paper.Has(code[first + i], mask)) return false;
        if (tokens == 1) return true;
        foreach (var matchField in FieldsOf(field))
            if (PhraseCount(code, first, tokens, paper, matchField, stopAtFirst: true) > 0) return true;
        return false;
    }

    private static double ExplainTerm(int[] code, int position, PaperTermTable paper, InternTable labels, List<TermHit> hits, ExplainMemo? memo)
    {
        // The label (e.g. title:"long context") determines the field and the tokens, so it keys the memo.
        int label = code[position + 1];
        if (memo is null || !memo.TryGet(label, out double relevance, out var found))
        {
            (relevance, found) = ExplainTermOnce(code, position, paper);
            memo?.Set(label, relevance, found);
        }
        if (found != MatchFields.None) hits.Add(new TermHit(labels[label], found));
        return relevance;
    }

    private static (double Relevance, MatchFields Found) ExplainTermOnce(int[] code, int position, PaperTermTable paper)
    {
        int header = code[position];
        int tokens = QueryOp.CountOf(header);
        int first = position + 2;
        var found = MatchFields.None;
        double relevance = 0;
        foreach (var field in FieldsOf(QueryOp.FieldOf(header)))
        {
            int frequency = tokens == 1
                ? paper.CountIn(code[first], field)
                : PhraseCount(code, first, tokens, paper, field, stopAtFirst: false);
            if (frequency == 0) continue;
            found |= field;
            relevance += MatchScore.TermRelevance(field, frequency);
        }
        return (relevance, found);
    }

    private static int PhraseCount(int[] code, int first, int tokens, PaperTermTable paper, MatchFields field, bool stopAtFirst)
    {
        int total = 0;
        switch (field)
        {
            case MatchFields.Title:
                return ChainedPhraseCount(paper.Title, paper.NextInTitle, paper.FirstInTitle(code[first]), code, first, tokens, stopAtFirst);
            case MatchFields.Abstract:
                return ChainedPhraseCount(paper.Abstract, paper.NextInAbstract, paper.FirstInAbstract(code[first]), code, first, tokens, stopAtFirst);
            case MatchFields.Author:
                // Each author is its own value: a phrase must not run from one name into the next.
                foreach (var author in paper.Authors)
                {
                    total += PhraseCountIn(author, code, first, tokens, stopAtFirst);
                    if (stopAtFirst && total > 0) break;
                }
                return total;
            default:
                foreach (var name in paper.Organization)
                {
                    total += PhraseCountIn(name, code, first, tokens, stopAtFirst);
                    if (stopAtFirst && total > 0) break;
                }
                return total;
        }
    }

    /// <summary>Phrase occurrences, trying only the positions where the phrase's first word occurs.</summary>
    private static int ChainedPhraseCount(int[] value, int[] next, int start, int[] code, int first, int tokens, bool stopAtFirst)
    {
        int found = 0;
        for (; start >= 0 && start + tokens <= value.Length; start = next[start])
        {
            int k = 1;
            while (k < tokens && value[start + k] == code[first + k]) k++;
            if (k < tokens) continue;
            found++;
            if (stopAtFirst) break;
        }
        return found;
    }

    private static int PhraseCountIn(int[] value, int[] code, int first, int tokens, bool stopAtFirst)
    {
        int found = 0;
        for (int start = 0; start + tokens <= value.Length; start++)
        {
            int k = 0;
            while (k < tokens && value[start + k] == code[first + k]) k++;
            if (k < tokens) continue;
            found++;
            if (stopAtFirst) break;
        }
        return found;
    }

    private static MatchFields[] FieldsOf(QueryField field) => field switch
    {
        QueryField.Title => TitleOnly,
        QueryField.Abstract => AbstractOnly,
        QueryField.Author => AuthorOnly,
        QueryField.Organization => OrganizationOnly,
        _ => TitleAndAbstract,
    };
}
