using System.Net;
using Grpc.Core;
using SearchService.Grpc.V1;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests.Operations;

/// <summary>Every kind of response of the real service on Kestrel carries the security headers and no Server header.</summary>
[Collection(MetricsCollection.Name)]
public sealed class SecurityHeaderTests(MetricsPortFixture service)
{
    public static TheoryData<string, HttpStatusCode> Responses => new()
    {
        { "/", HttpStatusCode.OK },                                   // the search page
        { "/app.js", HttpStatusCode.OK },                             // a static file
        { "/search?q=doi+moi", HttpStatusCode.OK },                   // JSON
        { "/search?q=", HttpStatusCode.BadRequest },                  // a validation problem
        { "/search?q=a&k=abc", HttpStatusCode.BadRequest },           // a binding problem
        { "/documents/no-such-document", HttpStatusCode.NotFound },   // a 404 problem
        { "/no/such/path", HttpStatusCode.NotFound },                 // no endpoint at all
        { "/health/live", HttpStatusCode.OK },
        { "/health/ready", HttpStatusCode.OK },
        { "/openapi/v1.json", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Every_http_response_carries_the_security_headers_and_no_server_header(string path, HttpStatusCode expected)
    {
        using var response = await service.Http.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        AssertSecurityHeaders(response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_posted_search_and_an_unauthorized_admin_call_carry_them_too()
    {
        using var search = await service.Http.PostAsync("/search", new StringContent("{\"q\":\"bamboo\"}", System.Text.Encoding.UTF8, "application/json"));
        using var admin = await service.Http.PostAsync("/admin/reindex", null);

        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
        AssertSecurityHeaders(search.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
        AssertSecurityHeaders(admin.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Grpc_responses_carry_them_too_success_and_error()
    {
        using var channel = service.OpenGrpcChannel();
        var client = new SearchClient(channel);

        using var ok = client.SearchAsync(new SearchRequest { Q = "doi moi" });
        await ok.ResponseAsync;
        using var refused = client.SearchAsync(new SearchRequest { Q = "" });
        await Assert.ThrowsAsync<RpcException>(() => refused.ResponseAsync);

        AssertSecurityHeaders((await ok.ResponseHeadersAsync).ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase));
        AssertSecurityHeaders((await refused.ResponseHeadersAsync).ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_metrics_port_carries_them_too()
    {
        using var response = await service.Metrics.GetAsync(service.MetricsUrl);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    private static void AssertSecurityHeaders(IReadOnlyDictionary<string, string> headers)
    {
        Assert.False(headers.ContainsKey("Server"), "a Server header was sent");
        Assert.Equal("nosniff", headers.GetValueOrDefault("X-Content-Type-Options"));
        Assert.Equal("DENY", headers.GetValueOrDefault("X-Frame-Options"));
        Assert.Equal("no-referrer", headers.GetValueOrDefault("Referrer-Policy"));
        var csp = headers.GetValueOrDefault("Content-Security-Policy") ?? "";
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
    }
}
