using System.Globalization;
using System.Net;
using System.Text.Json;

namespace SearchService.IntegrationTests.SearchControls;

/// <summary>Filters apply before ranking, in every mode: every hit satisfies them and the first page is never empty when anything matches.</summary>
[Collection(SearchControlsCollection.Name)]
public sealed class FilterTests(SearchControlsFixture service)
{
    public static TheoryData<string, string> ModesAndFilters()
    {
        var data = new TheoryData<string, string>();
        string[] filters =
        [
            $"documentId={SearchControlsFixture.Autumn2024}",
            $"documentId={SearchControlsFixture.Autumn2024}&documentId={SearchControlsFixture.Summer2023}",
            "kind=caption",
            "publishedFrom=2024-01-01",
            "publishedTo=2023-12-31",
            "kind=paragraph&publishedFrom=2024-01-01&publishedTo=2024-06-30",
            $"kind=caption&documentId={SearchControlsFixture.Spring2024}&documentId={SearchControlsFixture.Summer2023}&publishedFrom=2023-01-01",
        ];
        foreach (var mode in SearchControlsFixture.Modes)
        {
            foreach (var filter in filters)
            {
                data.Add(mode, filter);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModesAndFilters))]
    public async Task Search_WithFilters_ReturnsOnlyPassagesThatSatisfyThem(string mode, string filter)
    {
        var all = await SearchAsync($"/search?q=diplomacy&mode={mode}&k=100&{filter}");

        var hits = all.Results().ToList();
        Assert.NotEmpty(hits);
        Assert.All(hits, hit => Assert.True(Satisfies(hit, filter), $"{hit.Str("passageId")} ({hit.Str("kind")}, {Published(hit)}) does not satisfy {filter}"));
        Assert.Equal(Math.Min(all.GetProperty("total").GetInt64(), 100), hits.Count);

        // Filtered before ranking: the best allowed passage is on the first page of one, whatever ranked above it unfiltered.
        var first = await SearchAsync($"/search?q=diplomacy&mode={mode}&k=1&{filter}");
        Assert.Equal(hits[0].Str("passageId"), first.Results().Single().Str("passageId"));
    }

    [Theory]
    [InlineData("lexical")]
    [InlineData("hybrid")]
    public async Task Search_FilterOnALowRankedDocument_FindsItsPassagesOnThePageOfOne(string mode)
    {
        // The undated note ranks below the seeds for "foreign affairs diplomacy"; a filter applied after top-k would find nothing.
        var body = await SearchAsync($"/search?q=foreign+affairs+diplomacy&mode={mode}&k=1&documentId={SearchControlsFixture.Undated}");

        Assert.Equal(SearchControlsFixture.Undated, body.Results().Single().GetProperty("citation").Str("documentId"));
    }

    [Fact]
    public async Task Search_DateFilter_ExcludesUndatedDocuments()
    {
        var body = await SearchAsync("/search?q=diplomacy&mode=lexical&k=100&publishedTo=2100-01-01");

        Assert.DoesNotContain(body.Results(), hit => Published(hit) is null);
        Assert.Contains(body.Results(), hit => hit.GetProperty("citation").Str("documentId") == SearchControlsFixture.Summer2023);
    }

    private async Task<JsonElement> SearchAsync(string url)
    {
        using var response = await service.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    internal static DateTime? Published(JsonElement hit) =>
        hit.GetProperty("citation").GetProperty("published") is { ValueKind: JsonValueKind.String } published
            ? DateTime.Parse(published.GetString()!, CultureInfo.InvariantCulture)
            : null;

    private static bool Satisfies(JsonElement hit, string filter)
    {
        var parts = filter.Split('&').Select(p => p.Split('=')).GroupBy(p => p[0], p => p[1]).ToDictionary(g => g.Key, g => g.ToList());
        var document = hit.GetProperty("citation").Str("documentId");
        var published = Published(hit);
        return (!parts.TryGetValue("documentId", out var ids) || ids.Contains(document))
            && (!parts.TryGetValue("kind", out var kinds) || kinds.Contains(hit.Str("kind")))
            && (!parts.TryGetValue("publishedFrom", out var from) || (published is { } p1 && p1.Date >= DateTime.Parse(from[0], CultureInfo.InvariantCulture)))
            && (!parts.TryGetValue("publishedTo", out var to) || (published is { } p2 && p2.Date <= DateTime.Parse(to[0], CultureInfo.InvariantCulture)));
    }
}
