namespace PaperMail.Core.Matching.Language;

/// <summary>The paper fields a query term was found in.</summary>
[Flags]
public enum MatchFields
{
    None = 0,
    Title = 1,
    Abstract = 2,
    Author = 4,
    Organization = 8,
}
