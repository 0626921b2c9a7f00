namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>
/// Last line of defence for per-item mapping: a bug or an input shape nobody foresaw costs one item, not the feed.
/// </summary>
internal static class ItemFault
{
    public static bool IsRecoverable(Exception exception) => exception is not OperationCanceledException and not OutOfMemoryException;

    public static string Describe(Exception exception) => $"unexpected {exception.GetType().Name} while mapping the item: {exception.Message}";
}
