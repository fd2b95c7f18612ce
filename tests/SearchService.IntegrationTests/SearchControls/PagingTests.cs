using System.Net;
using System.Text.Json;

namespace SearchService.IntegrationTests.SearchControls;

[Collection(SearchControlsCollection.Name)]
public sealed class PagingTests(SearchControlsFixture service)
{
    [Theory]
    [InlineData("lexical", "")]
    [InlineData("semantic", "")]
    [InlineData("hybrid", "")]
    [InlineData("hybrid", "&kind=paragraph&publishedTo=2024-12-31")]
    [InlineData("lexical", "&sort=-date")]
    [InlineData("learned", "")]
    public async Task Paging_ThroughAllResults_NeverRepeatsOrSkips_AndTotalIsTheSameOnEveryPage(string mode, string filter)
    {
        const int k = 7;
        var query = $"/search?q=foreign+affairs+diplomacy+policy&mode={mode}{filter}";
        var seen = new List<string>();
        var totals = new HashSet<long>();
        for (var offset = 0; ; offset += k)
        {
            var page = await SearchAsync($"{query}&k={k}&offset={offset}");
            totals.Add(page.GetProperty("total").GetInt64());
            var hits = page.Results().ToList();
            Assert.All(hits.Select((h, i) => (h, i)), x => Assert.Equal(offset + x.i + 1, x.h.Int("rank")));
            seen.AddRange(hits.Select(h => h.Str("passageId")));
            if (hits.Count < k)
            {
                break;
            }
        }

        var total = Assert.Single(totals);
        Assert.True(total > 2 * k, $"total {total}: too few to page");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(total, seen.Count);
    }

    private async Task<JsonElement> SearchAsync(string url)
    {
        using var response = await service.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }
}
