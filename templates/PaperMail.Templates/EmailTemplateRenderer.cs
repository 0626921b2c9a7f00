using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PaperMail.Templates;

/// <summary>
/// Renders an email component to an HTML string with ASP.NET Core's <see cref="HtmlRenderer"/>. Register an
/// <c>HtmlEncoder</c> that allows all Unicode ranges, or non-ASCII text comes out as entities.
/// </summary>
/// <remarks>
/// <para>Each renderer has its own DI scope: HtmlRenderer resolves scoped services, so one built on the root provider
/// fails wherever scopes are validated (Development).</para>
/// <para>A renderer renders <see cref="ComponentsPerRenderer"/> components, one call at a time, then is disposed:
/// setting up a scope and a renderer for every email was a visible share of a digest's render, and a renderer keeps
/// each component it rendered until it is disposed, so it must not live for ever (counted in components, not calls: one
/// call may render a digest's two parts or a few dozen paper blocks). A render that fails disposes its renderer.</para>
/// </remarks>
public sealed class EmailTemplateRenderer(IServiceScopeFactory scopes, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    public const int ComponentsPerRenderer = 128;

    private readonly ConcurrentBag<PooledRenderer> _idle = [];

    public async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent
    {
        using var output = new StringWriter();
        await RenderToAsync([new TemplateRender(typeof(TComponent), parameters, output)]);
        return output.ToString();
    }

    /// <summary>
    /// Renders each component into its writer, all with one renderer: a digest's HTML and text come from the same
    /// model, and writing straight to the writers spares building each as a string first.
    /// </summary>
    public async Task RenderToAsync(IReadOnlyList<TemplateRender> renders)
    {
        var pooled = _idle.TryTake(out var idle) ? idle : new PooledRenderer(scopes.CreateAsyncScope(), loggerFactory);
        var keep = false;
        try
        {
            await pooled.Renderer.Dispatcher.InvokeAsync(async () =>
            {
                foreach (var render in renders)
                {
                    var output = await pooled.Renderer.RenderComponentAsync(render.Component, ParameterView.FromDictionary(render.Parameters));
                    output.WriteHtmlTo(render.Output);
                }
            });
            keep = (pooled.Rendered += renders.Count) < ComponentsPerRenderer;
        }
        finally
        {
            if (keep) _idle.Add(pooled);
            else await pooled.DisposeAsync();
        }
    }

    public Task<string> RenderConfirmationAsync(ConfirmationEmailModel model) =>
        RenderAsync<ConfirmationEmail>(new Dictionary<string, object?> { [nameof(ConfirmationEmail.Model)] = model });

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var pooled)) await pooled.DisposeAsync();
    }

    private sealed class PooledRenderer(AsyncServiceScope scope, ILoggerFactory loggerFactory) : IAsyncDisposable
    {
        public HtmlRenderer Renderer { get; } = new(scope.ServiceProvider, loggerFactory);

        public int Rendered { get; set; }

        public async ValueTask DisposeAsync()
        {
            await Renderer.DisposeAsync();
            await scope.DisposeAsync();
        }
    }
}

/// <summary>A component to render, its parameters, and where its HTML goes.</summary>
public sealed record TemplateRender(Type Component, IDictionary<string, object?> Parameters, TextWriter Output);
