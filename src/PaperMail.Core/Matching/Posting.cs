using System.Runtime.InteropServices;

namespace PaperMail.Core.Matching;

/// <summary>
/// One entry of a term's posting list: the alert filed under the term, the fields the term must occur in, and a
/// second word the alert requires. The percolator tests both against the paper's term counters before it reads
/// the alert's query, so most candidates are rejected with two reads of a small hot array. An alert with a single
/// required word checks that word again (the test then always passes).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct Posting(int Alert, uint KeyMask, int CheckTerm, uint CheckMask);
