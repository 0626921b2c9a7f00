using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using PaperMail.Store.Shared;

namespace PaperMail.Web.Storage;

public static class DataProtectionExtensions
{
    /// <summary>Data Protection keys live in PaperMail's database (<see cref="DatabaseXmlRepository"/>), one key ring for every node.</summary>
    public static WebApplicationBuilder AddSharedDataProtection(this WebApplicationBuilder builder)
    {
        // One application name for every node and path, so each node can read what another protected.
        builder.Services.AddDataProtection().SetApplicationName("PaperMail");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
            options.XmlRepository = new DatabaseXmlRepository(OpenFor(sp), sp.GetRequiredService<TimeProvider>())));
        return builder;
    }

    private static Func<DbConnection> OpenFor(IServiceProvider services) => services.GetRequiredService<IStoreDatabase>().Open;
}
