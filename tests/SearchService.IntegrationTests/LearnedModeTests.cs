using System.Net;
using System.Text.Json;
using SearchService.Engine;
using SearchService.Engine.Evaluation;
using SearchService.Engine.Learning;
using SearchService.Testing;

namespace SearchService.IntegrationTests;

/// <summary>The service with a learned model trained on the dev set's judgments over the seeds.</summary>
public sealed class LearnedServiceFixture : RunningService
{
    private readonly string _model = Path.Combine(Path.GetTempPath(), "searchservice-it-ltr-" + Guid.NewGuid().ToString("N") + ".model");

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Search:Ranker:ModelPath"] = _model };

    /// <summary>Trains the model the service is configured with before the service starts.</summary>
    public override async Task InitializeAsync()
    {
        var options = new SearchOptions { SemanticEnabled = false };
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

public sealed class LearnedModeTests(LearnedServiceFixture service) : IClassFixture<LearnedServiceFixture>
{
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
    public async Task Search_OtherModes_StillServeBesideIt()
    {
        using var response = await service.Http.GetAsync("/search?q=doi+moi&mode=lexical");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class LearnedModeUnconfiguredTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Search_Learned_WithoutAModel_Is400()
    {
        using var response = await service.Http.GetAsync("/search?q=doi+moi&mode=learned");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no learned model configured", text, StringComparison.OrdinalIgnoreCase);
    }
}
