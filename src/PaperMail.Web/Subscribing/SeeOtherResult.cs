namespace PaperMail.Web.Subscribing;

/// <summary>303 See Other: after a form post the browser GETs the next page, so reloading never re-posts.</summary>
public sealed class SeeOtherResult(string url) : IActionResult
{
    public string Url { get; } = url;

    public Task ExecuteResultAsync(ActionContext context)
    {
        context.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.HttpContext.Response.Headers.Location = Url;
        return Task.CompletedTask;
    }
}
