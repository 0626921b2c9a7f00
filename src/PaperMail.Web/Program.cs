using PaperMail.Web.Admin;
using PaperMail.Web.Bounces;
using PaperMail.Web.Digests;
using PaperMail.Web.Health;
using PaperMail.Web.Housekeeping;
using PaperMail.Web.Ingestion;
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

builder.AddHosting(); // app-wide: settings, proxies, Razor Pages, form limits, rate limits, error responses
builder.AddPaperIngestion();
builder.AddPaperMatching();
builder.AddSemantic();
builder.AddJobs(); // Hangfire itself: storage, server, dashboard; each feature schedules its own job in its Map* call
builder.AddAdmin();
builder.AddMail();
builder.AddSubscribing();
builder.AddBounces();
builder.AddDigests();
builder.AddPapers();
builder.AddHousekeeping();
builder.AddPaperMailHealth();
builder.AddPaperMailMetrics();
builder.AddPortability();
builder.AddStorage(); // after every feature: the database, and PostgreSQL's twin of each store when configured

var app = builder.Build();

await app.MigrateDatabaseAsync();

app.UseHosting();

app.MapPages();
app.MapAdmin();
app.MapJobDashboard();
app.MapPaperIngestion();
app.MapPaperMatching();
app.MapBounces();
app.MapDigests();
app.MapHousekeeping();
app.MapSemantic();
app.MapPaperMailHealth();
app.MapPaperMailMetrics();
app.MapPortability();

app.Run();

/// <summary>Entry point; public so integration tests can host the app.</summary>
public partial class Program;
