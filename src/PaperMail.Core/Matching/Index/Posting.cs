using System.Runtime.InteropServices;

namespace PaperMail.Core.Matching.Index;

/// <summary>
/// One entry of a term's posting list: everything the percolator needs to reject a candidate alert without
/// touching the alert's own columns (random reads into large arrays): the fields the key term must occur in,
/// two more words the alert requires (a route with fewer words repeats one, so the test passes), the alert's
/// minimum upvotes (<see cref="int.MinValue"/> for none) and where its compiled query starts.
/// <see cref="Exact"/>: passing these tests is matching, so the query is not evaluated at all.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct Posting(
    int Alert, int CodeStart, int MinUpvotes, uint KeyMask, int Check, uint CheckMask, int Check2, uint Check2Mask, bool Exact)
{
    /// <summary>The paper's upvotes in the form <see cref="MinUpvotes"/> compares with (unknown fails any positive minimum).</summary>
    public static int UpvotesKey(int? upvotes) => upvotes ?? int.MinValue;

    public static int MinimumKey(int? minUpvotes) => minUpvotes is { } min && min > 0 ? min : int.MinValue;
}
