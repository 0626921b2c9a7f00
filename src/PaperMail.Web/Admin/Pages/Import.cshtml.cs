using PaperMail.Core.Portability;
using PaperMail.Web.Portability;

namespace PaperMail.Web.Admin.Pages;

/// <summary>Import subscribers and alerts from a CSV in the export's format; shows each row's outcome and the past imports.</summary>
[RequestSizeLimit(SubscriberImport.MaxFileBytes + FormOverhead)]
[RequestFormLimits(MultipartBodyLengthLimit = SubscriberImport.MaxFileBytes + FormOverhead)]
public sealed class ImportModel(SubscriberImport import, IImportStore imports) : PageModel
{
    private const int FormOverhead = 64 * 1024;

    [BindProperty] public IFormFile? Upload { get; set; }

    /// <summary>The admin declares that these people already agreed to get digests: no confirmation emails.</summary>
    [BindProperty] public bool AlreadyConsented { get; set; }

    public string? Error { get; private set; }
    public ImportResult? Result { get; private set; }
    public IReadOnlyList<ImportRecord> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Recent = await imports.GetRecentAsync(20, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            Error = "Choose a CSV file to import.";
        }
        else if (Upload.Length > SubscriberImport.MaxFileBytes)
        {
            Error = $"The file is larger than {SubscriberImport.MaxFileBytes / 1024 / 1024} MB; split it.";
        }
        else
        {
            using var buffer = new MemoryStream((int)Upload.Length);
            await Upload.CopyToAsync(buffer, ct);
            Result = await import.ImportAsync(Upload.FileName, buffer.ToArray(), AlreadyConsented, User.Identity?.Name ?? "admin", ct);
            Error = Result.FileError;
        }
        Recent = await imports.GetRecentAsync(20, ct);
        if (Error is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
