using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;

namespace PaperMail.Templates;

/// <summary>
/// Renders an email component to an HTML string with ASP.NET Core's <see cref="HtmlRenderer"/>. Register an
/// <c>HtmlEncoder</c> that allows all Unicode ranges, or non-ASCII text comes out as entities.
/// </summary>
public sealed class EmailTemplateRenderer(IServiceProvider services, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly HtmlRenderer _renderer = new(services, loggerFactory);

    public Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent =>
        _renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await _renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });

    public Task<string> RenderConfirmationAsync(ConfirmationEmailModel model) =>
        RenderAsync<ConfirmationEmail>(new Dictionary<string, object?> { [nameof(ConfirmationEmail.Model)] = model });

    public ValueTask DisposeAsync() => _renderer.DisposeAsync();
}
