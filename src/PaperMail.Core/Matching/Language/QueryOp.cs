namespace PaperMail.Core.Matching.Language;

/// <summary>
/// Layout of a compiled query: a prefix-order run of ints in one shared pool (no object per alert).
/// Every node starts with a header <c>op | field &lt;&lt; 3 | count &lt;&lt; 8</c>.
/// <list type="bullet">
/// <item>Term: <c>[header(count = tokens), labelId, tokenId…]</c></item>
/// <item>And / Or: <c>[header(count = children), size, child…]</c></item>
/// <item>Not: <c>[header, size, child]</c></item>
/// </list>
/// <c>size</c> is the node's total length in ints, so evaluation can skip a subtree after short-circuiting.
/// </summary>
internal static class QueryOp
{
    public const int Term = 1;
    public const int And = 2;
    public const int Or = 3;
    public const int Not = 4;

    public static int Header(int op, QueryField field, int count) => op | ((int)field << 3) | (count << 8);

    public static int OpOf(int header) => header & 7;

    public static QueryField FieldOf(int header) => (QueryField)((header >> 3) & 7);

    public static int CountOf(int header) => header >>> 8;

    public static int SizeAt(int[] code, int position)
    {
        int header = code[position];
        return OpOf(header) == Term ? 2 + CountOf(header) : code[position + 1];
    }
}
