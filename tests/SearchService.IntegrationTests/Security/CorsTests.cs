using System.Net;

namespace SearchService.IntegrationTests.Security;

/// <summary>CORS open to the configured UI origin only.</summary>
public sealed class CorsTests(CorsFixture service) : IClassFixture<CorsFixture>
{
    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task Preflight_FromTheAllowedOrigin_IsAllowed(string method)
    {
        using var response = await PreflightAsync(CorsFixture.AllowedOrigin, method);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(CorsFixture.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains(method, response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_FromTheAllowedOrigin_CarriesTheAllowOriginHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/search?q=doi+moi&mode=lexical");
        request.Headers.Add("Origin", CorsFixture.AllowedOrigin);

        using var response = await service.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CorsFixture.AllowedOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("https://ui.example")]
    [InlineData("http://ui.example.evil.example")]
    [InlineData("null")]
    public async Task OtherOrigins_GetNoAllowOriginHeader(string origin)
    {
        using var preflight = await PreflightAsync(origin, "GET");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/search?q=doi+moi&mode=lexical");
        request.Headers.Add("Origin", origin);
        using var get = await service.Http.SendAsync(request);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(get.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    private Task<HttpResponseMessage> PreflightAsync(string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/search");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (method == "POST")
        {
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
        }

        return service.Http.SendAsync(request);
    }
}
