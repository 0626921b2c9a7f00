using PaperMail.Core.Matching.Index;

namespace PaperMail.Tests.Matching;

/// <summary>Compares matches by value, hits included (records compare lists by reference).</summary>
internal sealed class AlertMatchComparer : IEqualityComparer<AlertMatch>
{
    public bool Equals(AlertMatch? x, AlertMatch? y) =>
        x is not null && y is not null && x.AlertId == y.AlertId && x.PaperId == y.PaperId
        && x.Relevance.Equals(y.Relevance) && x.Score.Equals(y.Score) && x.Hits.SequenceEqual(y.Hits);

    public int GetHashCode(AlertMatch obj) => HashCode.Combine(obj.AlertId, obj.PaperId);
}
