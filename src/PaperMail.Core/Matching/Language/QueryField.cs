namespace PaperMail.Core.Matching.Language;

/// <summary>Where a query term must occur. <see cref="TitleOrAbstract"/> is the default for unprefixed terms.</summary>
public enum QueryField
{
    TitleOrAbstract = 0,
    Title = 1,
    Abstract = 2,
    Author = 3,
    Organization = 4,
}
