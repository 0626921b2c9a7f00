namespace PaperMail.Core.Matching.Language;

/// <summary>Why a query was rejected and where: <see cref="Column"/> is the 1-based character position.</summary>
public sealed record QueryError(string Message, int Column)
{
    public override string ToString() => $"{Message} (column {Column})";
}
