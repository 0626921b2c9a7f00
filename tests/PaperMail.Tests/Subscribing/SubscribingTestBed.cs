using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using MimeKit;
using PaperMail.Tests.Support;

namespace PaperMail.Tests.Subscribing;

/// <summary>The app wired to a real SMTP server, and helpers that walk the subscription flows like a browser.</summary>
public sealed partial class SubscribingTestBed : IAsyncDisposable
{
    public SubscribingTestBed(Action<PaperMailApp>? configure = null)
    {
        Smtp = new TestSmtpServer();
        App = Smtp.Configure(new PaperMailApp());
        configure?.Invoke(App);
        Client = NewClient();
    }

    public TestSmtpServer Smtp { get; }
    public PaperMailApp App { get; }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests look at the 303s).</summary>
    public HttpClient Client { get; }

    public HttpClient NewClient() => App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return AntiforgeryField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"No antiforgery token on {path}");
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? tokenFrom = null, HttpClient? client = null)
    {
        client ??= Client;
        var token = await AntiforgeryTokenAsync(client, tokenFrom ?? path.Split('?')[0]);
        return await client.PostAsync(path, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
    }

    public Task<HttpResponseMessage> SubmitAsync(string email, string query, string frequency = "weekly", string minUpvotes = "", HttpClient? client = null) =>
        PostFormAsync("/", [new("Email", email), new("Query", query), new("Frequency", frequency), new("MinUpvotes", minUpvotes), new("Website", "")], client: client);

    /// <summary>Submits the form, takes the confirmation email, opens its link; returns the confirm page's manage and unsubscribe paths.</summary>
    public async Task<(string Manage, string Unsubscribe)> SubscribeAndConfirmAsync(string email, string query)
    {
        var response = await SubmitAsync(email, query);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var confirm = ConfirmPath(await Smtp.NextAsync());
        var page = await (await ConfirmAsync(confirm)).Content.ReadAsStringAsync();
        return (Href(page, "manage-link"), Href(page, "unsubscribe-link"));
    }

    /// <summary>Opens a confirmation link and presses its Confirm button (a POST with the page's antiforgery token).</summary>
    public Task<HttpResponseMessage> ConfirmAsync(string confirmPath, HttpClient? client = null) => PostFormAsync(confirmPath, [], client: client);

    public static string ConfirmPath(MimeMessage message) =>
        ConfirmLink().Match(message.TextBody ?? "") is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No confirmation link in the email");

    public static string Href(string html, string id) =>
        Regex.Match(html, $"href=\"http://localhost(/[^\"]+)\" id=\"{id}\"") is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"No link #{id}");

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={App.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"http://localhost(/confirm/[A-Za-z0-9_-]{43})")]
    private static partial Regex ConfirmLink();
}
