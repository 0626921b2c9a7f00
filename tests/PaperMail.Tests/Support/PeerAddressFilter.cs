using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace PaperMail.Tests.Support;

/// <summary>
/// The in-process server has no socket, so no peer address: this sets it from the test-only <c>X-Test-Peer</c> header
/// before the app's own pipeline runs, as if the request had come from that address (a client, or a proxy).
/// </summary>
public sealed class PeerAddressFilter : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var peer)) context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
            return following(context);
        });
        next(app);
    };

    public static PaperMailApp On(PaperMailApp app) => app.WithServices(s => s.AddSingleton<IStartupFilter, PeerAddressFilter>());
}
