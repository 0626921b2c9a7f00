using System.Security.Cryptography;
using System.Text;
using PaperMail.Core.Papers;

namespace PaperMail.Core.Semantic;

/// <summary>What of a paper is embedded (title and abstract), and the hash that says when it changed.</summary>
public static class EmbeddingText
{
    /// <summary>
    /// The model was trained on passages of up to 256 word pieces and its runtime pads every text of a batch to the
    /// longest: cutting at a word count near that keeps the meaning and avoids paying for text the model would blur.
    /// </summary>
    public const int MaxWords = 200;

    public static string For(Paper paper) => For(paper.Title, paper.Abstract);

    public static string For(string title, string abstractText)
    {
        var text = title.Trim() + ". " + abstractText.Trim();
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= MaxWords ? string.Join(' ', words) : string.Join(' ', words.Take(MaxWords));
    }

    /// <summary>Hex of the first 16 bytes of the SHA-256 of the embedded text.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
}
