using PaperMail.Core.Digests;
using PaperMail.Core.Matching.Job;
using PaperMail.Core.Matching.Preview;
using PaperMail.Store.Sqlite;
using PaperMail.Web.Configuration;

namespace PaperMail.Web.Matching;

public static class MatchingExtensions
{
    public static WebApplicationBuilder AddPaperMatching(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DigestOptions>().BindAndValidate(DigestOptions.Section);
        builder.Services.AddSingleton<IMatchStore, SqliteMatchStore>();
        builder.Services.AddSingleton<PercolatorCache>();
        builder.Services.AddTransient<MatchingService>();
        builder.Services.AddTransient<MatchJob>();
        builder.Services.AddSingleton<PreviewService>();
        return builder;
    }
}
