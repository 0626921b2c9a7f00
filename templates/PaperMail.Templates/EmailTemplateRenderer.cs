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
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }

    public Task<string> RenderConfirmationAsync(ConfirmationEmailModel model) =>
        RenderAsync<ConfirmationEmail>(new Dictionary<string, object?> { [nameof(ConfirmationEmail.Model)] = model });
}
