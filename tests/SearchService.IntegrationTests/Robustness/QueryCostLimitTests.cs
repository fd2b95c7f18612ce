using System.Net.Http.Json;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using SearchService.Grpc.V1;
using SearchService.Testing;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests.Robustness;

/// <summary>
/// Issue 14's costly queries against the real service: each ran for seconds to minutes (up to 2.3 GB) or was a 500;
/// each is now a 400 problem (INVALID_ARGUMENT over gRPC) naming the limit, on /search, POST /search and gRPC.
/// </summary>
[Collection(SharedServiceCollection.Name)]
public sealed class QueryCostLimitTests(ServiceFixture service) : IDisposable
{
    private readonly GrpcChannel _channel = service.OpenGrpcChannel();

    public void Dispose() => _channel.Dispose();

    public static TheoryData<string, string> CostlyQueries() => new()
    {
        { "/[ab]*a[ab]{18}/", "Search:QueryLimits:MaxRegexpRepeat" },
        { "/[ab]*a[ab]{16}/", "Search:QueryLimits:MaxDeterminizedStates" },
        { "/a{50000}/", "Search:QueryLimits:MaxRegexpRepeat" },
        { "/a{99999999999}/", "Search:QueryLimits:MaxRegexpRepeat" },
        { "/a{1,99999999999}/", "Search:QueryLimits:MaxRegexpRepeat" },
        { "/~([ab]*a[ab]{12})/", "complement" },
        { string.Concat(Enumerable.Repeat("a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*q*r*s*t*u*v*w*x*y*z*", 6)), "Search:QueryLimits:MaxWildcards" },
        { string.Join(' ', Enumerable.Repeat("abcdefghijklmnopqrstuvwxyz~2", 34)), "Search:QueryLimits:MaxExpandingTerms" },
    };

    [Theory]
    [MemberData(nameof(CostlyQueries))]
    public async Task CostlyLuceneQuery_Is400NamingTheLimit_OnEveryRoute(string q, string limit)
    {
        using var get = await service.Http.GetAsync($"/search?syntax=lucene&mode=lexical&q={Uri.EscapeDataString(q)}");
        using var post = await service.Http.PostAsJsonAsync("/search", new { q, syntax = "lucene", mode = "hybrid" });
        var grpc = await Assert.ThrowsAsync<RpcException>(async () =>
            await new SearchClient(_channel).SearchAsync(new SearchRequest { Q = q, Syntax = "lucene", Mode = "lexical" }));

        foreach (var response in new[] { get, post })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.JsonAsync();
            Assert.Contains(limit, problem.Str("detail"), StringComparison.Ordinal);
            Assert.Contains(limit, problem.GetProperty("errors").GetProperty("q")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(StatusCode.InvalidArgument, grpc.StatusCode);
        Assert.Contains(limit, grpc.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/vi.*nam/")]
    [InlineData("vi*nam")]
    [InlineData("diplomacy~2 vietnam~1")]
    public async Task ReasonableMultiTermQuery_StillAnswers(string q)
    {
        using var response = await service.Http.GetAsync($"/search?syntax=lucene&mode=lexical&q={Uri.EscapeDataString(q)}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("\"total\":", body, StringComparison.Ordinal);
    }
}

/// <summary>A time budget of one tick: any search runs out of it, which makes the refusal deterministic.</summary>
public sealed class TinyTimeBudgetFixture : RunningService
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:QueryLimits:TimeBudget"] = "00:00:00.0000001",
    };
}

/// <summary>
/// The per-request time budget, enforced while hits are collected: an allowed but (for this budget) costly query is
/// refused with a 400 naming the setting, on /search, /ask and gRPC, rather than running on.
/// </summary>
public sealed class QueryTimeBudgetTests(TinyTimeBudgetFixture service) : IClassFixture<TinyTimeBudgetFixture>
{
    private const string Setting = "Search:QueryLimits:TimeBudget";

    [Theory]
    [InlineData("/search?mode=lexical&syntax=lucene&q=vi*nam")]
    [InlineData("/search?mode=hybrid&q=doi+moi")]
    [InlineData("/ask?mode=lexical&q=what+is+doi+moi")]
    public async Task QueryOverTheTimeBudget_Is400NamingTheSetting(string url)
    {
        using var response = await service.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Contains("time budget", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Contains(Setting, problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryOverTheTimeBudget_IsInvalidArgumentOverGrpc()
    {
        using var channel = service.OpenGrpcChannel();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new SearchClient(channel).AskAsync(new AskRequest { Q = "doi moi", Mode = "lexical" }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(Setting, error.Status.Detail, StringComparison.Ordinal);
    }
}
