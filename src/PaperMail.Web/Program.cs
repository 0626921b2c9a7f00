using PaperMail.Web.Admin;
using PaperMail.Web.Bounces;
using PaperMail.Web.Configuration;
using PaperMail.Web.Digests;
using PaperMail.Web.Health;
using PaperMail.Web.Housekeeping;
using PaperMail.Web.Ingestion;
using PaperMail.Web.Jobs;
using PaperMail.Web.Mail;
using PaperMail.Web.Matching;
using PaperMail.Web.Papers;
using PaperMail.Web.Observability;
using PaperMail.Web.Portability;
using PaperMail.Web.Semantic;
using PaperMail.Web.Storage;
using PaperMail.Web.Subscribing;

if (HashPasswordCommand.TryRun(args)) return;
if (BounceCheckCommand.TryRun(args)) return;

var builder = WebApplication.CreateBuilder(args);

builder.AddPaperMailOptions();
builder.AddForwardedHeaders();
builder.AddPaperMailStore();
builder.AddPaperIngestion();
builder.AddPaperMatching();
builder.AddSemantic();
builder.AddPaperMailJobs();
builder.AddAdminApi();
builder.AddAdminOpenApi();
builder.AddMail();
builder.AddSubscribing();
builder.AddBounces();
builder.AddDigests();
builder.AddPapers();
builder.AddHousekeeping();
builder.AddAdminPages();
builder.AddPaperMailHealth();
builder.AddPaperMailMetrics();
builder.AddPortability();
builder.AddPostgreSqlWhenConfigured(); // after every store: swaps them all when PaperMail:Database:Provider is PostgreSql
builder.AddSharedDataProtection();
builder.AddSqliteStandby();
builder.Services.AddProblemDetails();

var app = builder.Build();

await app.MigrateDatabaseAsync();

app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseStaticFiles();

app.MapAdminApi();
app.MapBounces();
app.MapAdminOpenApi();
app.MapPreviewApi();
app.MapSubscribing();
app.MapDigestPages();
app.MapPaperMailJobs();
app.MapSemantic();
app.MapAdminPages();
app.MapPaperMailHealth();
app.MapPaperMailMetrics();
app.MapPortability();

app.Run();

/// <summary>Entry point; public so integration tests can host the app.</summary>
public partial class Program;
