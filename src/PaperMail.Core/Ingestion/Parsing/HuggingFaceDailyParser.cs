using System.Text;
using System.Text.Json;

namespace PaperMail.Core.Ingestion.Parsing;

/// <summary>
/// Hugging Face Daily Papers entries (<c>/api/daily_papers?date=…</c>), either as the API's JSON array or as JSON
/// lines (one entry per line, as in the saved corpus). Field mapping: <see cref="HuggingFaceEntryMapper"/>.
/// </summary>
public static class HuggingFaceDailyParser
{
    /// <summary>
    /// Parses a JSON array of entries, element by element: if the document breaks part way, the entries before the
    /// break are kept and the break is reported as a skipped item. Never throws for bad input; cancellation propagates.
    /// </summary>
    /// <param name="where">Names the document (file or URL) in skipped-item reports.</param>
    /// <param name="listedOn">The <c>date</c> the caller queried; used when an entry has no <c>_listedOn</c>.</param>
    public static async Task<ParseResult> ParseArrayAsync(Stream stream, string where, DateOnly? listedOn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var result = new ParseResultBuilder();
        await foreach (var item in JsonArrayStream.ReadAsync(stream, ct))
        {
            var place = $"{where} entry {item.Index}";
            if (item.Fault is not null)
            {
                result.Skip(place, item.Fault);
                break;
            }

            if (result.IsFull)
            {
                result.SkipRest(where);
                break;
            }

            HuggingFaceEntryMapper.Map(item.Element, place, listedOn, result);
        }

        return result.Build();
    }

    /// <summary>
    /// Parses JSON lines, one entry per line (blank lines ignored). A line that is not valid JSON is skipped with its
    /// line number and the rest are read. Never throws for bad input; cancellation propagates.
    /// </summary>
    /// <param name="where">Names the document (file or URL) in skipped-item reports.</param>
    /// <param name="listedOn">The <c>date</c> the caller queried; used when an entry has no <c>_listedOn</c>.</param>
    public static async Task<ParseResult> ParseJsonLinesAsync(Stream stream, string where, DateOnly? listedOn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var result = new ParseResultBuilder();
        using var reader = new BoundedLineReader(stream, ParseLimits.MaxLineChars);
        var lineNumber = 0;
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(ct);
            }
            catch (InvalidDataException exception)
            {
                var fault = ReadFault.Describe(exception, $"{where} line {lineNumber + 1}");
                result.Skip(fault.Where, fault.Reason);
                break;
            }

            if (line is null)
            {
                break;
            }

            lineNumber++;
            if (reader.LastLineTooLong)
            {
                result.Skip($"{where} line {lineNumber}", $"line is longer than {ParseLimits.MaxLineChars:N0} characters; skipped unread");
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (result.IsFull)
            {
                result.SkipRest(where);
                break;
            }

            var place = $"{where} line {lineNumber}";
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException exception)
            {
                result.Skip(place, $"line is not valid JSON: {exception.Message}");
                continue;
            }

            using (document)
            {
                HuggingFaceEntryMapper.Map(document.RootElement, place, listedOn, result);
            }
        }

        return result.Build();
    }
}
