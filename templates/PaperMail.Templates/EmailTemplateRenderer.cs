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
/// Each render gets its own DI scope and renderer: HtmlRenderer resolves scoped services, so one built on the root
/// provider fails wherever scopes are validated (Development).
/// </remarks>
public sealed class EmailTemplateRenderer(IServiceScopeFactory scopes, ILoggerFactory loggerFactory)
{
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
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggerFactory);
        await renderer.Dispatcher.InvokeAsync(async () =>
        {
            foreach (var render in renders)
            {
                var output = await renderer.RenderComponentAsync(render.Component, ParameterView.FromDictionary(render.Parameters));
                output.WriteHtmlTo(render.Output);
            }
        });
    }

    public Task<string> RenderConfirmationAsync(ConfirmationEmailModel model) =>
        RenderAsync<ConfirmationEmail>(new Dictionary<string, object?> { [nameof(ConfirmationEmail.Model)] = model });
}

/// <summary>A component to render, its parameters, and where its HTML goes.</summary>
public sealed record TemplateRender(Type Component, IDictionary<string, object?> Parameters, TextWriter Output);
