namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>What the first bytes of a document say it is.</summary>
public enum FeedFormat
{
    Unknown,
    Gzip,
    /// <summary>Hugging Face Daily Papers API response.</summary>
    JsonArray,
    /// <summary>One Hugging Face entry per line (the saved corpus).</summary>
    JsonLines,
    /// <summary>XML; the root element decides between arXiv Atom (<c>feed</c>) and arXiv RSS (<c>rss</c>).</summary>
    Xml,
}
