using System.Net;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using SearchService.Engine;
using SearchService.Evaluation;
using SearchService.Engine.Ranking.Learned;
using SearchService.Grpc.V1;
using SearchService.Testing;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests;

/// <summary>The service with a learned model trained on the dev set's judgments over the seeds.</summary>
public sealed class LearnedServiceFixture : RunningService
{
    private readonly string _model = Path.Combine(Path.GetTempPath(), "searchservice-it-ltr-" + Guid.NewGuid().ToString("N") + ".model");

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Search:Ranker:ModelPath"] = _model };

    /// <summary>Trains the model the service is configured with before the service starts.</summary>
    public override async Task InitializeAsync()
    {
        var options = new SearchOptions(); // the service's defaults: vectors on, as the semantic features need
        var subject = EvaluationSubject.FromDevSet(DevSet.Load(DevSet.DefaultPath(RepoRoot)), Path.Combine(RepoRoot, "seeds"));
        var (ranker, _) = RelevanceEvaluation.Train(subject, options, folds: null);
        ranker.Save(_model);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_model);
    }
}

public sealed class LearnedModeTests(LearnedServiceFixture service) : IClassFixture<LearnedServiceFixture>, IDisposable
{
    private const string Query = "economic diplomacy investment";
    private const string CountriesQuestion = "How many countries has Vietnam established diplomatic relations with?";

    private readonly GrpcChannel _channel = service.OpenGrpcChannel();

    private SearchClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task Stats_SaysLearnedRankingIsAvailable_SoTheSearchPageOffersIt()
    {
        var stats = await (await service.Http.GetAsync("/stats")).JsonAsync();

        Assert.True(stats.GetProperty("learnedRanking").GetBoolean());
    }

    [Fact]
    public async Task Search_Learned_ReranksTheLexicalTopAndExplainsWithFeatureValues()
    {
        var body = await (await service.Http.GetAsync("/search?q=economic+diplomacy+investment&mode=learned&explain=true&k=20")).JsonAsync();
        var hits = body.Results().ToList();

        Assert.Equal("learned", body.Str("mode"));
        Assert.NotEmpty(hits);
        var scores = hits.Select(h => h.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(hits, hit =>
        {
            var explained = hit.GetProperty("scores");
            Assert.Equal(JsonValueKind.Number, explained.GetProperty("lexicalRank").ValueKind);
            var features = explained.GetProperty("features");
            Assert.Equal(RankingFeatures.Names.Order(), features.EnumerateObject().Select(p => p.Name).Order());
        });
    }

    [Fact]
    public async Task Search_LearnedExplain_GivesEachHitAContributionPerFeature()
    {
        var body = await (await service.Http.GetAsync($"/search?q={Uri.EscapeDataString(Query)}&mode=learned&explain=true&k=20")).JsonAsync();
        var explained = body.Results().Select(h => h.GetProperty("scores")).ToList();

        Assert.NotEmpty(explained);
        Assert.All(explained, scores =>
        {
            var contributions = Named(scores.GetProperty("contributions"));
            Assert.Equal(RankingFeatures.Names.Order(), contributions.Keys.Order());
            Assert.Equal(Named(scores.GetProperty("features")).Keys.Order(), contributions.Keys.Order());
        });

        // A model trained on the dev set splits on some feature for these passages, so something is credited.
        Assert.Contains(explained, scores => Named(scores.GetProperty("contributions")).Values.Any(v => v != 0));
    }

    [Fact]
    public async Task LearnedExplain_ReturnsFeatureContributions_OverGrpcAsOverHttp()
    {
        var http = await (await service.Http.GetAsync($"/search?q={Uri.EscapeDataString(Query)}&mode=learned&explain=true&k=20")).JsonAsync();
        var grpc = await Client.SearchAsync(new SearchRequest { Q = Query, Mode = "learned", Explain = true, K = 20 });

        Assert.Equal("learned", grpc.Mode);
        var hits = http.Results().ToList();
        Assert.Equal(hits.Select(h => h.Str("passageId")), grpc.Results.Select(h => h.PassageId));
        foreach (var (json, hit) in hits.Zip(grpc.Results))
        {
            var scores = json.GetProperty("scores");
            Assert.Equal(json.GetProperty("score").GetDouble(), hit.Score);
            Assert.Equal(Named(scores.GetProperty("features")), hit.Scores.Features.ToDictionary());
            Assert.Equal(Named(scores.GetProperty("contributions")), hit.Scores.Contributions.ToDictionary());
        }
    }

    [Fact]
    public async Task Explain_InOtherModes_HasNoFeaturesOrContributions()
    {
        var http = await (await service.Http.GetAsync($"/search?q={Uri.EscapeDataString(Query)}&mode=lexical&explain=true")).JsonAsync();
        var grpc = await Client.SearchAsync(new SearchRequest { Q = Query, Mode = "lexical", Explain = true });

        Assert.All(http.Results(), hit =>
        {
            Assert.False(hit.GetProperty("scores").TryGetProperty("features", out _));
            Assert.False(hit.GetProperty("scores").TryGetProperty("contributions", out _));
        });
        Assert.All(grpc.Results, hit => Assert.Empty(hit.Scores.Features));
        Assert.All(grpc.Results, hit => Assert.Empty(hit.Scores.Contributions));
    }

    [Fact]
    public async Task Ask_Learned_ReadsTheLearnedRanking()
    {
        var ask = await (await service.Http.GetAsync($"/ask?q={Uri.EscapeDataString(CountriesQuestion)}&mode=learned&k=10")).JsonAsync();
        var learned = await (await service.Http.GetAsync($"/search?q={Uri.EscapeDataString(CountriesQuestion)}&mode=learned&k=10")).JsonAsync();
        var lexical = await (await service.Http.GetAsync($"/search?q={Uri.EscapeDataString(CountriesQuestion)}&mode=lexical&k=10")).JsonAsync();
        var passages = ask.Results("passages").ToList();

        // Model scores, not BM25's: the passages are the learned ranking, in its order.
        Assert.Equal(learned.Results().Select(Ranked), passages.Select(Ranked));
        Assert.NotEqual(lexical.Results().Select(Ranked), passages.Select(Ranked));
        var answer = ask.GetProperty("answer");
        Assert.Contains(passages, p => p.Str("passageId") == answer.Str("passageId"));
    }

    [Fact]
    public async Task Ask_Learned_OverGrpc_AnswersAsOverHttp()
    {
        var http = await (await service.Http.GetAsync($"/ask?q={Uri.EscapeDataString(CountriesQuestion)}&mode=learned&k=10")).JsonAsync();
        var grpc = await Client.AskAsync(new AskRequest { Q = CountriesQuestion, Mode = "learned", K = 10 });

        Assert.Equal(http.Results("passages").Select(Ranked), grpc.Passages.Select(p => (p.PassageId, p.Score)));
        Assert.NotNull(grpc.Answer);
        Assert.Equal(http.GetProperty("answer").Str("passageId"), grpc.Answer.PassageId);
        Assert.Equal(http.GetProperty("answer").Str("text"), grpc.Answer.Text);
    }

    [Fact]
    public async Task Search_OtherModes_StillServeBesideIt()
    {
        using var response = await service.Http.GetAsync("/search?q=doi+moi&mode=lexical");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static (string PassageId, double Score) Ranked(JsonElement hit) => (hit.Str("passageId"), hit.GetProperty("score").GetDouble());

    private static Dictionary<string, double> Named(JsonElement values) =>
        values.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
}

[Collection(SharedServiceCollection.Name)]
public sealed class LearnedModeUnconfiguredTests(ServiceFixture service) : IDisposable
{
    private readonly GrpcChannel _channel = service.OpenGrpcChannel();

    private SearchClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Theory]
    [InlineData("/search")]
    [InlineData("/ask")]
    public async Task Learned_WithoutAModel_Is400(string route)
    {
        using var response = await service.Http.GetAsync($"{route}?q=doi+moi&mode=learned");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no learned model configured", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Search_Learned_WithoutAModel_IsInvalidArgumentOverGrpc()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.SearchAsync(new SearchRequest { Q = "doi moi", Mode = "learned" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("no learned model configured", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ask_Learned_WithoutAModel_IsInvalidArgumentOverGrpc()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.AskAsync(new AskRequest { Q = "doi moi", Mode = "learned" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("no learned model configured", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }
}
