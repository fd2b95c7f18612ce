using System.Text.Json;

namespace SearchService.IntegrationTests;

[Collection(SharedServiceCollection.Name)]
public sealed class SearchModeTests(ServiceFixture service)
{
    [Fact]
    public async Task Search_DefaultMode_IsHybrid()
    {
        var body = await (await service.Http.GetAsync("/search?q=doi+moi")).JsonAsync();

        Assert.Equal("hybrid", body.Str("mode"));
    }

    [Fact]
    public async Task Search_ExplainHybrid_GivesEachSignalsRawNormalizedScoreAndWeight_AndTheirWeightedSumIsTheScore()
    {
        var body = await (await service.Http.GetAsync("/search?q=economic+diplomacy+investment&mode=hybrid&explain=true&k=20")).JsonAsync();
        var hits = body.Results().ToList();

        Assert.NotEmpty(hits);
        foreach (var hit in hits)
        {
            var scores = hit.GetProperty("scores");
            var signals = scores.GetProperty("signals").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
            Assert.Contains("lexical", signals.Keys);
            Assert.Contains("lsa", signals.Keys);
            Assert.Contains(signals.Values, s => s.GetProperty("rank").ValueKind == JsonValueKind.Number);
            // The default fusion: a convex combination of min-max-normalized scores.
            Assert.All(signals.Values, s => Assert.InRange(s.GetProperty("normalized").GetDouble(), 0, 1));
            var expected = signals.Values.Sum(s => s.GetProperty("weight").GetDouble() * s.GetProperty("normalized").GetDouble());
            Assert.Equal(expected, scores.GetProperty("fused").GetDouble(), 9);
            Assert.Equal(hit.GetProperty("score").GetDouble(), scores.GetProperty("fused").GetDouble(), 9);
            // The legacy fields are the lexical signal's and the semantic signal's raw scores.
            Assert.Equal(signals["lexical"].OptDouble("raw"), scores.OptDouble("lexical"));
        }

        var fused = hits.Select(h => h.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(fused.OrderByDescending(s => s), fused);
    }

    [Fact]
    public async Task Search_Semantic_RanksByCosineAndHasNoLexicalScores()
    {
        var body = await (await service.Http.GetAsync("/search?q=relations+with+African+nations&mode=semantic&explain=true")).JsonAsync();
        var hits = body.Results().ToList();

        Assert.Equal("semantic", body.Str("mode"));
        Assert.NotEmpty(hits);
        Assert.All(hits, hit =>
        {
            Assert.Equal(JsonValueKind.Null, hit.GetProperty("scores").GetProperty("lexical").ValueKind);
            Assert.InRange(hit.GetProperty("score").GetDouble(), -1.0, 1.0001);
        });
        Assert.Equal(Enumerable.Range(1, hits.Count), hits.Select(h => h.GetProperty("scores").Int("semanticRank")));
    }

    [Fact]
    public async Task Search_WithoutExplain_OmitsScores()
    {
        var body = await (await service.Http.GetAsync("/search?q=bamboo")).JsonAsync();

        Assert.All(body.Results(), hit => Assert.False(hit.TryGetProperty("scores", out _)));
    }

    [Fact]
    public async Task Search_InvalidExplain_Is400()
    {
        using var response = await service.Http.GetAsync("/search?q=bamboo&explain=maybe");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("explain", out _));
    }
}
