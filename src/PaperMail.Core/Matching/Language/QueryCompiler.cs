using PaperMail.Core.Matching.Index;

namespace PaperMail.Core.Matching.Language;

/// <summary>Turns a query tree into the flat int form described by <see cref="QueryOp"/>.</summary>
internal static class QueryCompiler
{
    public static void Compile(QueryNode node, InternTable terms, InternTable labels, IntBuffer code)
    {
        switch (node)
        {
            case TermNode term:
                code.Add(QueryOp.Header(QueryOp.Term, term.Field, term.Tokens.Count));
                code.Add(labels.Intern(term.Label));
                foreach (var token in term.Tokens) code.Add(terms.Intern(token));
                break;
            case AndNode and:
                CompileGroup(QueryOp.And, and.Children, terms, labels, code);
                break;
            case OrNode or:
                CompileGroup(QueryOp.Or, or.Alternatives, terms, labels, code);
                break;
            case NotNode not:
                CompileGroup(QueryOp.Not, [not.Excluded], terms, labels, code);
                break;
            default:
                throw new ArgumentException($"Unknown query node {node.GetType().Name}", nameof(node));
        }
    }

    private static void CompileGroup(int op, IReadOnlyList<QueryNode> children, InternTable terms, InternTable labels, IntBuffer code)
    {
        int start = code.Count;
        code.Add(QueryOp.Header(op, QueryField.TitleOrAbstract, children.Count));
        code.Add(0);
        foreach (var child in children) Compile(child, terms, labels, code);
        code[start + 1] = code.Count - start;
    }
}
