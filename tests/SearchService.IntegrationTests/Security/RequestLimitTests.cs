using System.Net;
using System.Text;

namespace SearchService.IntegrationTests.Security;

/// <summary>The default configuration: admin off, CORS closed, body and URL sizes bounded, ordinary load not throttled.</summary>
[Collection(KestrelServiceCollection.Name)]
public sealed class DefaultSecurityTests(KestrelServiceFixture service)
{
    [Theory]
    [InlineData("POST", "/admin/reindex")]
    [InlineData("DELETE", "/admin/documents/003_37e75ead3a9a6882")]
    [InlineData("GET", "/admin")]
    public async Task Admin_WithoutAConfiguredKey_IsNotFound(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Add("X-Api-Key", "anything");

        using var response = await service.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(File.Exists(Path.Combine(service.SeedsPath, "003_37e75ead3a9a6882.txt")));
    }

    [Fact]
    public async Task OpenApi_HasNoAdminOperations_WhenNoKeyIsConfigured()
    {
        var text = await service.Http.GetStringAsync("/openapi/v1.json");

        Assert.DoesNotContain("/admin", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cors_NotConfigured_SendsNoCorsHeaders()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/search");
        preflight.Headers.Add("Origin", "http://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/search?q=doi+moi&mode=lexical");
        get.Headers.Add("Origin", "http://evil.example");

        foreach (var request in new[] { preflight, get })
        {
            using var response = await service.Http.SendAsync(request);
            Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [InlineData("/search")]
    [InlineData("/ask")]
    public async Task Post_BodyOverTheLimit_Is413Problem(string url)
    {
        var json = "{\"q\":\"" + new string('a', 70 * 1024) + "\"}";

        using var response = await service.Http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(413, problem.Int("status"));
        Assert.Equal("Request body too large", problem.Str("title"));
        Assert.Contains("65536", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BodyUnderTheLimit_IsStillValidated()
    {
        var json = "{\"q\":\"" + new string('a', 20 * 1024) + "\", \"mode\":\"lexical\"}";

        using var response = await service.Http.PostAsync("/search", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("q", out _));
    }

    [Fact]
    public async Task Url_OverTheRequestLineLimit_Is414()
    {
        using var response = await service.Http.GetAsync("/search?q=" + new string('a', 20 * 1024));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
    }

    [Fact]
    public async Task Url_LongerThanKestrelsDefaultButUnderTheLimit_ReachesValidation()
    {
        // 10 KB: over Kestrel's 8 KB default request line, under the configured 16 KB; q over 1000 chars is a 400.
        using var response = await service.Http.GetAsync("/search?q=" + new string('a', 10 * 1024));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task DefaultLimits_ServeABurstOfParallelSearches()
    {
        // Default: 4 slots per processor and twice that waiting, so 16 at once are all served on any machine.
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => service.Http.GetAsync($"/search?q=doi+moi+{i}&mode=lexical")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
