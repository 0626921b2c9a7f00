using Microsoft.Extensions.Options;
using PaperMail.Core.Configuration;
using PaperMail.Core.Ingestion.Parsing;

namespace PaperMail.Core.Ingestion.Sources;

/// <summary>
/// GETs one document and parses it. The HttpClient comes configured from the host (user agent, timeouts, retries,
/// arXiv's pace); this class adds the size limit and one deadline for the whole document, and turns every fault into a
/// <see cref="SourceFetch"/> error.
/// </summary>
public sealed class HttpDocumentFetcher(HttpClient http, IOptions<PaperMailOptions> options)
{
    public async Task<SourceFetch> FetchAsync(Uri url, DateOnly? listedOn, CancellationToken ct)
    {
        var where = url.ToString();
        var deadlineSeconds = options.Value.Http.DocumentDeadlineSeconds;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(deadlineSeconds));
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var body = await ReadLimitedAsync(response, deadline.Token);
            var parsed = await DocumentParser.ParseAsync(body, where, listedOn, deadline.Token);
            if (response.IsSuccessStatusCode) return SourceFetch.From(parsed);

            // arXiv answers a bad query with 400 and an Atom error entry: its text is the useful part.
            var detail = parsed.FeedError ?? response.ReasonPhrase ?? "";
            return SourceFetch.Failed($"{where}: HTTP {(int)response.StatusCode} {detail}".TrimEnd());
        }
        catch (Exception) when (!ct.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            return SourceFetch.Failed($"{where}: no complete answer within {deadlineSeconds} s (PaperMail:Http:DocumentDeadlineSeconds)");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Timeouts, refused connections, retries exhausted, an oversized body: one document's fault, not the run's.
            var reason = e is OperationCanceledException or TimeoutException || e.GetType().Name.Contains("Timeout", StringComparison.Ordinal)
                ? "timed out" : e.Message;
            return SourceFetch.Failed($"{where}: {reason}");
        }
    }

    private async Task<MemoryStream> ReadLimitedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var limit = options.Value.Http.MaxResponseMegabytes * 1024L * 1024L;
        if (response.Content.Headers.ContentLength > limit) throw new ResponseTooLargeException(limit);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) throw new ResponseTooLargeException(limit);
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }

    private sealed class ResponseTooLargeException(long limit)
        : Exception($"response larger than {limit / (1024 * 1024)} MB (PaperMail:Http:MaxResponseMegabytes)");
}
