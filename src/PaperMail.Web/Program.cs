using PaperMail.Web.Admin;
using PaperMail.Web.Configuration;
using PaperMail.Web.Health;
using PaperMail.Web.Ingestion;
using PaperMail.Web.Jobs;
using PaperMail.Web.Matching;
using PaperMail.Web.Storage;

if (HashPasswordCommand.TryRun(args)) return;

var builder = WebApplication.CreateBuilder(args);

builder.AddPaperMailOptions();
builder.AddPaperMailStore();
builder.AddPaperIngestion();
builder.AddPaperMatching();
builder.AddPaperMailJobs();
builder.AddAdminApi();
builder.AddAdminPages();
builder.AddPaperMailHealth();
builder.Services.AddProblemDetails();

var app = builder.Build();

await app.MigrateDatabaseAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapAdminApi();
app.MapPreviewApi();
app.MapPaperMailJobs();
app.MapAdminPages();
app.MapPaperMailHealth();

app.Run();

/// <summary>Entry point; public so integration tests can host the app.</summary>
public partial class Program;
