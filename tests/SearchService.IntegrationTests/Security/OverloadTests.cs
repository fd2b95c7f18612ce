using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using SearchService.Grpc.V1;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests.Security;

/// <summary>
/// Overload answers 429 at once instead of queueing: with one slot and no queue, a request held inside /search
/// makes every other search-type request (HTTP and gRPC) a rejection, and nothing else.
/// </summary>
public sealed class OverloadTests(SingleSlotFixture service) : IClassFixture<SingleSlotFixture>
{
    [Fact]
    public async Task SlotTaken_SearchesAre429ProblemsWithRetryAfter_GrpcResourceExhausted_OthersServed_UntilReleased()
    {
        var held = SendHeldAsync("/search?q=doi+moi&mode=lexical");
        await service.Hold.WaitUntilHeldAsync();

        foreach (var url in new[] { "/search?q=doi+moi&mode=lexical", "/ask?q=what+is+doi+moi&mode=lexical" })
        {
            using var rejected = await service.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
            Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(1), rejected.Headers.RetryAfter?.Delta);
            var problem = await rejected.JsonAsync();
            Assert.Equal(429, problem.Int("status"));
            Assert.Equal("Too many requests", problem.Str("title"));
            Assert.Contains("limit of 1 concurrent searches and 0 waiting", problem.Str("detail"), StringComparison.Ordinal);
        }

        using (var rejectedPost = await service.Http.PostAsJsonAsync("/search", new { q = "doi moi", mode = "lexical" }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, rejectedPost.StatusCode);
        }

        using var channel = service.OpenGrpcChannel();
        var grpc = new SearchClient(channel);
        var search = await Assert.ThrowsAsync<RpcException>(async () => await grpc.SearchAsync(new SearchRequest { Q = "doi moi", Mode = "lexical" }));
        Assert.Equal(StatusCode.ResourceExhausted, search.StatusCode);
        var ask = await Assert.ThrowsAsync<RpcException>(async () => await grpc.AskAsync(new AskRequest { Q = "doi moi", Mode = "lexical" }));
        Assert.Equal(StatusCode.ResourceExhausted, ask.StatusCode);

        // Not search-type: never limited by the search slots.
        Assert.True((await grpc.GetStatsAsync(new GetStatsRequest())).Ready);
        foreach (var url in new[] { "/health/live", "/health/ready", "/stats", "/documents", "/documents/003_37e75ead3a9a6882" })
        {
            using var served = await service.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        service.Hold.ReleaseOne();
        using (var first = await held)
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var next = await service.Http.GetAsync("/search?q=doi+moi&mode=lexical");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.True((await grpc.SearchAsync(new SearchRequest { Q = "doi moi", Mode = "lexical" })).Total > 0);
    }

    private async Task<HttpResponseMessage> SendHeldAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(HoldFilter.Header, "1");
        return await service.Http.SendAsync(request);
    }
}

/// <summary>The per-client window (off by default): beyond its permits a client gets 429 everywhere except health.</summary>
public sealed class PerClientLimitTests(PerClientFixture service) : IClassFixture<PerClientFixture>
{
    [Fact]
    public async Task BeyondPermits_Is429WithRetryAfterFromTheWindow_HealthStillServed()
    {
        for (var i = 0; i < PerClientFixture.Permits; i++)
        {
            using var allowed = await service.Http.GetAsync(i % 2 == 0 ? "/stats" : "/search?q=doi+moi&mode=lexical");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var rejected = await service.Http.GetAsync("/documents");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        var retryAfter = rejected.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Contains("more than 3 requests", (await rejected.JsonAsync()).Str("detail"), StringComparison.Ordinal);

        using var channel = service.OpenGrpcChannel();
        var grpc = await Assert.ThrowsAsync<RpcException>(async () => await new SearchClient(channel).GetStatsAsync(new GetStatsRequest()));
        Assert.Equal(StatusCode.ResourceExhausted, grpc.StatusCode);

        using var live = await service.Http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await service.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
