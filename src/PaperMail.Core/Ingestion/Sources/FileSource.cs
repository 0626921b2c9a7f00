using PaperMail.Core.Configuration;
using PaperMail.Core.Ingestion.Parsing;

namespace PaperMail.Core.Ingestion.Sources;

/// <summary>
/// A file, or every file of a folder (sorted by name, not recursive). Each file's format is recognised from its
/// content: HF API JSON array, HF JSON lines (gzip too), arXiv Atom or RSS. A relative path is taken from the content root.
/// </summary>
public sealed class FileSource(SourceOptions options, string contentRoot) : IPaperSource
{
    public SourceOptions Options => options;

    public async Task<SourceFetch> FetchAsync(CancellationToken ct)
    {
        var path = Path.GetFullPath(options.Path!, contentRoot);
        string[] files;
        if (Directory.Exists(path)) files = [.. Directory.EnumerateFiles(path).Order(StringComparer.Ordinal)];
        else if (File.Exists(path)) files = [path];
        else return SourceFetch.Failed($"{path}: no such file or folder");

        var parts = new List<SourceFetch>();
        foreach (var file in files)
        {
            try
            {
                await using var stream = File.OpenRead(file);
                parts.Add(SourceFetch.From(await DocumentParser.ParseAsync(stream, Path.GetFileName(file), null, ct)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                parts.Add(SourceFetch.Failed($"{file}: {e.Message}"));
            }
        }
        return SourceFetch.Combine(parts);
    }
}
