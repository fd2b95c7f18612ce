using System.Net;
using System.Text.Json;

namespace SearchService.IntegrationTests.SearchControls;

[Collection(SearchControlsCollection.Name)]
public sealed class FacetAndSortTests(SearchControlsFixture service)
{
    [Theory]
    [InlineData("lexical")]
    [InlineData("semantic")]
    [InlineData("hybrid")]
    [InlineData("learned")]
    public async Task Facets_CountEveryMatchNotThePage_AndSingleValuedFieldsAddUpToTotal(string mode)
    {
        var first = await SearchAsync($"/search?q=diplomacy&mode={mode}&k=1&facets=documentId,kind,year");
        var later = await SearchAsync($"/search?q=diplomacy&mode={mode}&k=3&offset=4&facets=documentId&facets=kind,year");

        var total = first.GetProperty("total").GetInt64();
        Assert.True(total > 4, $"total {total}");
        var facets = first.GetProperty("facets");
        Assert.Equal(total, Counts(facets, "documentId").Sum(c => c.Count));
        Assert.Equal(total, Counts(facets, "kind").Sum(c => c.Count));
        Assert.InRange(Counts(facets, "year").Sum(c => c.Count), 1, total);
        Assert.Equal(facets.GetRawText(), later.GetProperty("facets").GetRawText());
        Assert.Contains(facets.GetProperty("documentId").EnumerateArray(), v => v.Str("label") == "Autumn forum on economic diplomacy");
    }

    [Fact]
    public async Task Facets_WithAFilter_CountOnlyWhatTheFilterAllows()
    {
        var body = await SearchAsync("/search?q=diplomacy&mode=hybrid&kind=caption&facets=kind,year");

        var kinds = Counts(body.GetProperty("facets"), "kind");
        Assert.Equal([("caption", body.GetProperty("total").GetInt64())], kinds.Select(k => (k.Value, k.Count)));
    }

    [Fact]
    public async Task Search_WithoutFacets_HasNoFacetsProperty()
    {
        var body = await SearchAsync("/search?q=diplomacy");
        Assert.False(body.TryGetProperty("facets", out _));
    }

    [Theory]
    [InlineData("lexical", "-date")]
    [InlineData("lexical", "date")]
    [InlineData("hybrid", "-date")]
    [InlineData("semantic", "date")]
    [InlineData("learned", "-date")]
    public async Task Sort_ByDate_OrdersByPublicationWithUndatedLast_AndTiesInRelevanceOrder(string mode, string sort)
    {
        var byDate = (await SearchAsync($"/search?q=diplomacy&mode={mode}&sort={sort}&k=100")).Results().ToList();
        var byRelevance = (await SearchAsync($"/search?q=diplomacy&mode={mode}&k=100")).Results().Select(h => h.Str("passageId")).ToList();

        var dates = byDate.Select(FilterTests.Published).ToList();
        var dated = dates.TakeWhile(d => d is not null).Select(d => d!.Value).ToList();
        Assert.True(dated.Count >= 3, "dated hits");
        Assert.All(dates.Skip(dated.Count), d => Assert.Null(d));
        Assert.Equal(sort == "date" ? dated.Order() : dated.OrderDescending(), dated);

        // Passages of one date (one document) keep the order relevance gave them: those on relevance's first page
        // in that page's order, then the ones relevance ranked lower.
        foreach (var group in byDate.GroupBy(FilterTests.Published))
        {
            var ids = group.Select(h => h.Str("passageId")).ToList();
            var onFirstPage = ids.TakeWhile(byRelevance.Contains).ToList();
            Assert.Equal(byRelevance.Where(ids.Contains), onFirstPage);
        }
    }

    [Fact]
    public async Task Search_TheIssuesExample_Returns2024ParagraphsNewestFirstWithFacetsAddingUpToTotal()
    {
        var body = await SearchAsync("/search?q=diplomacy&kind=paragraph&publishedFrom=2024-01-01&facets=documentId,kind,year&sort=-date");

        var hits = body.Results().ToList();
        Assert.NotEmpty(hits);
        Assert.All(hits, hit => Assert.Equal("paragraph", hit.Str("kind")));
        var dates = hits.Select(h => FilterTests.Published(h)!.Value).ToList();
        Assert.All(dates, d => Assert.Equal(2024, d.Year));
        Assert.Equal(dates.OrderDescending(), dates);
        var total = body.GetProperty("total").GetInt64();
        var facets = body.GetProperty("facets");
        Assert.Equal(total, Counts(facets, "documentId").Sum(c => c.Count));
        Assert.Equal([("paragraph", total)], Counts(facets, "kind").Select(k => (k.Value, k.Count)));
        Assert.Equal([("2024", total)], Counts(facets, "year").Select(k => (k.Value, k.Count)));
    }

    private async Task<JsonElement> SearchAsync(string url)
    {
        using var response = await service.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static List<(string Value, long Count)> Counts(JsonElement facets, string field) =>
        facets.GetProperty(field).EnumerateArray().Select(v => (v.Str("value"), v.GetProperty("count").GetInt64())).ToList();
}
