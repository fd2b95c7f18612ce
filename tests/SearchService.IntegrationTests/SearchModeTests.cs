using System.Text.Json;

namespace SearchService.IntegrationTests;

public sealed class SearchModeTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Search_DefaultMode_IsHybrid()
    {
        var body = await (await service.Http.GetAsync("/search?q=doi+moi")).JsonAsync();

        Assert.Equal("hybrid", body.Str("mode"));
    }

    [Fact]
    public async Task Search_ExplainHybrid_GivesEachListsScoreAndRankAndTheFusedScore()
    {
        var body = await (await service.Http.GetAsync("/search?q=economic+diplomacy+investment&mode=hybrid&explain=true&k=20")).JsonAsync();

        foreach (var hit in body.Results())
        {
            var scores = hit.GetProperty("scores");
            var lexicalRank = scores.GetProperty("lexicalRank");
            var semanticRank = scores.GetProperty("semanticRank");
            Assert.True(lexicalRank.ValueKind == JsonValueKind.Number || semanticRank.ValueKind == JsonValueKind.Number);
            // Weighted RRF with the default k = 60 and weights 1 (lexical) and 0.5 (semantic).
            var expected = (lexicalRank.ValueKind == JsonValueKind.Number ? 1.0 / (60 + lexicalRank.GetInt32()) : 0)
                + (semanticRank.ValueKind == JsonValueKind.Number ? 0.5 / (60 + semanticRank.GetInt32()) : 0);
            Assert.Equal(expected, scores.GetProperty("fused").GetDouble(), 9);
            Assert.Equal(hit.GetProperty("score").GetDouble(), scores.GetProperty("fused").GetDouble(), 9);
        }

        var fused = body.Results().Select(h => h.GetProperty("score").GetDouble()).ToList();
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
