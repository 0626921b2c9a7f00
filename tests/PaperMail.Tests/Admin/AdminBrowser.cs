using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Admin;

/// <summary>
/// A browser-like client for the admin pages: HTTPS (the admin cookie is Secure outside Development), keeps cookies,
/// does not follow redirects, asks for HTML, and reads antiforgery tokens out of forms.
/// </summary>
public sealed partial class AdminBrowser
{
    public AdminBrowser(PaperMailApp app)
    {
        Client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        Client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
    }

    public HttpClient Client { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(path);

    /// <summary>GETs <paramref name="page"/>, then POSTs the fields to <paramref name="action"/> with the page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, params (string Name, string Value)[] fields)
    {
        var token = await TokenFromAsync(page);
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token));
        return await Client.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> LoginAsync(string username = PaperMailApp.AdminUsername, string password = PaperMailApp.AdminPassword) =>
        PostFormAsync("/admin/login", "/admin/login", ("username", username), ("password", password));

    public async Task<string> TokenFromAsync(string page)
    {
        var response = await Client.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var match = TokenField().Match(await response.Content.ReadAsStringAsync());
        Assert.True(match.Success, $"{page} has no antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
