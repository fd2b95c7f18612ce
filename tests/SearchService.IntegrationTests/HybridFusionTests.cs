using System.Text.Json;

namespace SearchService.IntegrationTests;

/// <summary>Hybrid and semantic retrieval on the seeds, through the real service: the similarity floor and real totals.</summary>
[Collection(SharedServiceCollection.Name)]
public sealed class HybridFusionTests(ServiceFixture service)
{
    [Theory]
    [InlineData("diplomcy bambo")]
    [InlineData("price of bitcoin")]
    [InlineData("bamb")]
    [InlineData("xylophonequux")]
    public async Task Hybrid_QueryAboutNothingInTheCorpus_ReturnsOnlyWhatLexicalReturns(string q)
    {
        var lexical = await SearchAsync(q, "lexical", k: 100);
        var hybrid = await SearchAsync(q, "hybrid", k: 100);

        Assert.Equal("hybrid", hybrid.Str("mode"));
        Assert.Subset(PassageIds(lexical).ToHashSet(), PassageIds(hybrid).ToHashSet());
        Assert.Equal(lexical.GetProperty("total").GetInt64(), hybrid.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("diplomcy bambo")]
    [InlineData("price of bitcoin")]
    public async Task Semantic_QueryAboutNothingInTheCorpus_FindsNothing(string q)
    {
        var semantic = await SearchAsync(q, "semantic", k: 100);

        Assert.Empty(semantic.Results());
        Assert.Equal(0, semantic.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("hybrid")]
    [InlineData("semantic")]
    [InlineData("lexical")]
    public async Task Total_IsTheSameOnEveryPage(string mode)
    {
        const string q = "economic diplomacy with neighbouring countries";
        var totals = new List<long>();
        foreach (var (k, offset) in new[] { (10, 0), (10, 20), (5, 95), (100, 0) })
        {
            totals.Add((await SearchAsync(q, mode, k, offset)).GetProperty("total").GetInt64());
        }

        Assert.All(totals, total => Assert.Equal(totals[0], total));
        Assert.True(totals[0] > 0);
    }

    [Fact]
    public async Task HybridTotal_CountsTheUnionOfLexicalAndSemanticMatches()
    {
        const string q = "economic diplomacy with neighbouring countries";
        var lexical = (await SearchAsync(q, "lexical", 10)).GetProperty("total").GetInt64();
        var semantic = (await SearchAsync(q, "semantic", 10)).GetProperty("total").GetInt64();
        var hybrid = (await SearchAsync(q, "hybrid", 10)).GetProperty("total").GetInt64();
        var passages = (await SearchAsync("*:*", "lexical", 1, syntax: "lucene")).GetProperty("total").GetInt64();

        Assert.InRange(hybrid, Math.Max(lexical, semantic), Math.Min(lexical + semantic, passages));
    }

    [Fact]
    public async Task Hybrid_PagesAreSlicesOfOneRanking()
    {
        const string q = "protecting citizens abroad";
        var all = PassageIds(await SearchAsync(q, "hybrid", 30)).ToList();
        var second = PassageIds(await SearchAsync(q, "hybrid", 10, 10)).ToList();

        Assert.Equal(all.Skip(10).Take(10), second);
    }

    private async Task<JsonElement> SearchAsync(string q, string mode, int k, int offset = 0, string syntax = "plain")
    {
        using var response = await service.Http.GetAsync($"/search?q={Uri.EscapeDataString(q)}&mode={mode}&k={k}&offset={offset}&syntax={syntax}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static IEnumerable<string> PassageIds(JsonElement body) => body.Results().Select(h => h.Str("passageId"));
}
