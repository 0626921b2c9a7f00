using System.Net;
using PaperMail.Core.Matching.Index;
using PaperMail.Core.Matching.Language;
using PaperMail.Tests.Matching;
using PaperMail.Tests.Support;
using PaperMail.Web.Subscribing;

namespace PaperMail.Tests.Subscribing;

[Collection(nameof(AppCollection))]
public class SubscriptionFormSecurityTests
{
    /// <summary>Email, query, the message expected, and the email field's value as the page must show it again.</summary>
    public static TheoryData<string, string, string, string> HostileInputs => new()
    {
        { new string('a', 10_000) + "@example.org", "multilingual", "at most 254 characters", new string('a', 10_000) + "@example.org" },
        { "ada\u0001\u0002@example.org", "multilingual", "control characters", "value=\"ada&#x1;&#x2;@example.org\"" },
        { "ada@example.org", "\"((((", "Query", "value=\"ada@example.org\"" },
        { "ada@example.org", "<script>alert(1)</script> ((", "Query", "value=\"ada@example.org\"" },
        { "<script>alert(1)</script>", "multilingual", "Enter a single address", "value=\"&lt;script&gt;alert(1)&lt;/script&gt;\"" },
        { "ada@example.org", new string('(', 5_000), "longer than", "value=\"ada@example.org\"" },
    };

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public async Task HostileInputsGetAClearMessageAndKeepTheFormFilledIn(string email, string query, string message, string kept)
    {
        await using var bed = new SubscribingTestBed();

        var response = await bed.SubmitAsync(email, query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Please check the form", page);
        Assert.Contains(message, page);
        Assert.DoesNotContain("<script>alert(1)</script>", page);
        Assert.Contains(kept, page);
        Assert.Contains("aria-describedby=\"", page);
        Assert.Empty(bed.Smtp.Received);
    }

    [Fact]
    public async Task AnInvalidFieldIsMarkedAndLinkedToItsMessage()
    {
        await using var bed = new SubscribingTestBed();

        var page = await (await bed.SubmitAsync("not-an-address", "multilingual")).Content.ReadAsStringAsync();

        Assert.Contains("aria-describedby=\"email-help email-error\" aria-invalid=\"true\"", page);
        Assert.Contains("id=\"email-error\"", page);
        Assert.Contains("href=\"#email\"", page);
    }

    [Fact]
    public async Task TheBotTrapFieldSilentlySendsNothing()
    {
        await using var bed = new SubscribingTestBed();

        var response = await bed.PostFormAsync("/", [new("Email", "ada@example.org"), new("Query", "multilingual"), new("Frequency", "weekly"), new("Website", "http://spam.example")]);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Empty(bed.Smtp.Received);
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscribers"));
    }

    [Fact]
    public async Task TheFormPostRequiresAnAntiforgeryToken()
    {
        await using var bed = new SubscribingTestBed();

        var response = await bed.Client.PostAsync("/", new FormUrlEncodedContent([new("Email", "ada@example.org"), new("Query", "multilingual"), new("Frequency", "weekly")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await bed.ScalarAsync<long>("SELECT COUNT(*) FROM subscribers"));
    }

    [Fact]
    public async Task TheManagePagePostRequiresAnAntiforgeryToken()
    {
        await using var bed = new SubscribingTestBed();
        var (manage, _) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");

        var response = await bed.Client.PostAsync($"{manage}?handler=Unsubscribe", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("active", await bed.ScalarAsync<string>("SELECT state FROM subscribers"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/check-inbox")]
    [InlineData("/manage/unknown")]
    [InlineData("/api/preview?q=multilingual")]
    public async Task ResponsesCarrySecurityHeaders(string path)
    {
        await using var bed = new SubscribingTestBed();

        var response = await bed.Client.GetAsync(path);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task PagesHaveNoInlineScript()
    {
        await using var bed = new SubscribingTestBed();

        var page = await bed.Client.GetStringAsync("/");

        Assert.Contains("<script src=\"/js/preview.js", page);
        Assert.DoesNotMatch("<script(?![^>]*src=)", page);
        Assert.DoesNotMatch(@"<[^>]+\son[a-z]+\s*=", page);
    }

    [Fact]
    public async Task AScriptTagInAQueryIsShownEncodedOnTheManagePage()
    {
        await using var bed = new SubscribingTestBed();
        var (manage, _) = await bed.SubscribeAndConfirmAsync("ada@example.org", "multilingual");
        var alertId = await bed.ScalarAsync<long>("SELECT id FROM alerts");
        // A query stored by an older version or another writer: the page must encode whatever is stored.
        await bed.ScalarAsync<long>($"UPDATE alerts SET query = '<script>alert(1)</script>' WHERE id = {alertId}; SELECT 0");

        var page = await bed.Client.GetStringAsync(manage);
        var failedEdit = await (await bed.PostFormAsync($"{manage}?handler=Save", [new("alertId", $"{alertId}"), new("query", "<script>alert(2)</script> ((")], manage)).Content.ReadAsStringAsync();

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page);
        Assert.DoesNotContain("<script>alert(1)", page);
        Assert.Contains("&lt;script&gt;alert(2)&lt;/script&gt;", failedEdit);
        Assert.DoesNotContain("<script>alert(2)", failedEdit);
    }

    [Fact]
    public async Task FormPostsOverTheLimitGet429WithRetryAfter()
    {
        await using var bed = new SubscribingTestBed(app => app.With("PaperMail:RateLimits:FormPosts", "2"));

        var first = await bed.SubmitAsync("not-an-address", "multilingual");
        var second = await bed.SubmitAsync("not-an-address", "multilingual");
        var third = await bed.SubmitAsync("not-an-address", "multilingual");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await bed.Client.GetAsync("/")).StatusCode); // reading the form is not limited
    }

    [Fact]
    public async Task PreviewRequestsOverTheLimitGet429WithRetryAfter()
    {
        await using var bed = new SubscribingTestBed(app => app.With("PaperMail:RateLimits:PreviewRequests", "2"));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await bed.Client.GetAsync("/api/preview?q=multilingual");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task ThePreviewButtonRendersThePreviewWithoutJavaScript()
    {
        await using var bed = new SubscribingTestBed();

        var response = await bed.PostFormAsync("/?handler=Preview", [new("Email", ""), new("Query", "multilingual -survey"), new("Frequency", "weekly")], "/");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("of the last", page);
        Assert.DoesNotContain("Please check the form", page);
    }

    [Fact]
    public async Task TheExampleQueriesMatchTheDemoPapers()
    {
        var papers = MatchingTestData.SeedPapers.Select(MatchablePaper.From).ToList();

        Assert.All(ExampleQueries.All, example =>
        {
            var query = QueryParser.Parse(example.Query).Query!;
            Assert.Contains(papers, p => QueryEvaluator.Evaluate(query, p, null) is not null);
        });
    }
}
