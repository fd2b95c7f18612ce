using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SearchService.BrowserTests;

/// <summary>
/// The page's controls for refining a search, against the real service: facet checkboxes with the API's counts,
/// year shortcuts, the date range, sort, "did you mean", suggestions under the box, and the learned mode's option.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RefinePageTests(BrowserFixture fixture)
{
    private static ILocator Results(IPage page) => page.Locator("#results > li.result");

    private async Task<JsonElement> ApiAsync(string pathAndQuery) => await fixture.Http.GetFromJsonAsync<JsonElement>(pathAndQuery);

    private static async Task ExpectResultsForAsync(IPage page, string query)
    {
        await Expect(page.Locator("#main")).ToHaveAttributeAsync("data-state", "results");
        await Expect(page.Locator("#results")).ToHaveAttributeAsync("data-query", query);
    }

    private static bool IsSearch(IRequest request) => request.Url.Contains("/search?", StringComparison.Ordinal);

    [BrowserFact]
    public async Task Facet_checkboxes_show_the_api_counts_and_filter_by_document_and_kind()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/?q=diplomacy&mode=lexical");
        await ExpectResultsForAsync(page, "diplomacy");
        var expected = (await ApiAsync("/search?q=diplomacy&mode=lexical&facets=documentId,kind,year")).GetProperty("facets");

        var documents = page.Locator("#facets fieldset[data-facet='documentId'] li");
        await Expect(documents).ToHaveCountAsync(expected.GetProperty("documentId").GetArrayLength());
        var top = expected.GetProperty("documentId")[0];
        var topBox = page.Locator($"#facets input[data-facet='documentId'][value='{top.GetProperty("value").GetString()}']");
        var topItem = documents.Filter(new() { Has = page.Locator($"input[value='{top.GetProperty("value").GetString()}']") });
        await Expect(topItem.Locator(".facet-label")).ToHaveTextAsync(top.GetProperty("label").GetString()!);
        await Expect(topItem.Locator(".facet-count")).ToHaveTextAsync(top.GetProperty("count").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));

        var filtered = page.WaitForRequestAsync(r => IsSearch(r) && r.Url.Contains($"documentId={top.GetProperty("value").GetString()}", StringComparison.Ordinal));
        await topBox.CheckAsync();
        await filtered;

        await Expect(page).ToHaveURLAsync(new Regex($"documentId={Regex.Escape(top.GetProperty("value").GetString()!)}"));
        await Expect(page.Locator("#status strong")).ToContainTextAsync(top.GetProperty("count").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var ids = await Results(page).EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.documentId)");
        Assert.All(ids, id => Assert.Equal(top.GetProperty("value").GetString(), id));
        await Expect(topBox).ToBeCheckedAsync();

        var kinds = page.WaitForRequestAsync(r => IsSearch(r) && r.Url.Contains("kind=paragraph", StringComparison.Ordinal));
        await page.Locator("#facets input[data-facet='kind'][value='paragraph']").CheckAsync();
        await kinds;
        await Expect(page).ToHaveURLAsync(new Regex("kind=paragraph"));
        await Expect(page.Locator("#results > li.result .kind")).ToHaveCountAsync(0); // only non-paragraphs carry a kind badge

        // Clearing the filters searches everything again.
        await page.Locator("#clear-filters").ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("documentId=|kind="));
        await Expect(documents).ToHaveCountAsync(expected.GetProperty("documentId").GetArrayLength());
    }

    [BrowserFact]
    public async Task Date_range_and_newest_first_sort_show_only_dated_results_in_order()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/?q=diplomacy&mode=lexical");
        await ExpectResultsForAsync(page, "diplomacy");

        var sorted = page.WaitForRequestAsync(r => IsSearch(r) && r.Url.Contains("sort=-date", StringComparison.Ordinal));
        await page.Locator("#sort").SelectOptionAsync("-date");
        await sorted;
        var dated = page.WaitForRequestAsync(r => IsSearch(r) && r.Url.Contains("publishedFrom=2022-01-01", StringComparison.Ordinal) && r.Url.Contains("sort=-date", StringComparison.Ordinal));
        await page.Locator("#published-from").FillAsync("2022-01-01");
        await dated;

        await Expect(page).ToHaveURLAsync(new Regex("publishedFrom=2022-01-01.*sort=-date|sort=-date.*publishedFrom=2022-01-01"));
        var expected = await ApiAsync("/search?q=diplomacy&mode=lexical&publishedFrom=2022-01-01&sort=-date&k=10");
        var expectedIds = expected.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("passageId").GetString()!).ToArray();
        Assert.NotEmpty(expectedIds);
        await Expect(Results(page)).ToHaveCountAsync(expectedIds.Length);
        var ids = await Results(page).EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.passageId)");
        Assert.Equal(expectedIds, ids);
        var dates = await Results(page).EvaluateAllAsync<string[]>("items => items.map(i => i.querySelector('.cite-meta time')?.getAttribute('datetime') ?? '')");
        Assert.All(dates, d => Assert.True(string.CompareOrdinal(d, "2022-01-01") >= 0, $"dated {d}"));
        Assert.Equal(dates.OrderByDescending(d => d, StringComparer.Ordinal), dates);
    }

    [BrowserFact]
    public async Task A_year_facet_sets_the_date_range_to_that_year()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/?q=diplomacy&mode=lexical");
        await ExpectResultsForAsync(page, "diplomacy");
        var years = (await ApiAsync("/search?q=diplomacy&mode=lexical&facets=year")).GetProperty("facets").GetProperty("year");
        var year = years[0].GetProperty("value").GetString()!;

        var request = page.WaitForRequestAsync(r => IsSearch(r) && r.Url.Contains($"publishedFrom={year}-01-01", StringComparison.Ordinal) && r.Url.Contains($"publishedTo={year}-12-31", StringComparison.Ordinal));
        await page.Locator($"#facets button[data-year='{year}']").ClickAsync();
        await request;

        await Expect(page.Locator("#published-from")).ToHaveValueAsync($"{year}-01-01");
        await Expect(page.Locator("#published-to")).ToHaveValueAsync($"{year}-12-31");
        await Expect(page.Locator($"#facets button[data-year='{year}']")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#status strong")).ToContainTextAsync(years[0].GetProperty("count").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [BrowserFact]
    public async Task A_misspelled_query_offers_did_you_mean_which_searches_the_correction()
    {
        var expected = (await ApiAsync("/search?q=diplomcy+bambo&mode=lexical")).GetProperty("didYouMean").GetString();
        Assert.False(string.IsNullOrEmpty(expected));
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/?q=diplomcy+bambo&mode=lexical");
        await ExpectResultsForAsync(page, "diplomcy bambo");

        await Expect(page.Locator("#did-you-mean")).ToBeVisibleAsync();
        await Expect(page.Locator("#did-you-mean-link")).ToHaveTextAsync(expected!);
        await page.Locator("#did-you-mean-link").ClickAsync();

        await ExpectResultsForAsync(page, expected!);
        await Expect(page.Locator("#q")).ToHaveValueAsync(expected!);
        await Expect(page.Locator("#did-you-mean")).ToBeHiddenAsync();
    }

    [BrowserFact]
    public async Task Typing_shows_suggestions_under_the_box_and_choosing_one_searches_it()
    {
        var expected = (await ApiAsync("/suggest?q=bamb&k=8")).GetProperty("suggestions");
        var first = expected.EnumerateArray().First(s => s.GetProperty("kind").GetString() == "term").GetProperty("text").GetString()!;
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");

        var asked = page.WaitForRequestAsync(r => r.Url.Contains("/suggest?", StringComparison.Ordinal) && r.Url.Contains("q=bamb", StringComparison.Ordinal));
        await page.Locator("#q").PressSequentiallyAsync("bamb");
        await asked;

        var options = page.Locator("#suggestions [role='option']");
        await Expect(page.Locator("#suggestions")).ToBeVisibleAsync();
        await Expect(options).ToHaveCountAsync(expected.GetArrayLength());
        await Expect(page.Locator("#q")).ToHaveAttributeAsync("aria-expanded", "true");
        var option = options.Filter(new() { Has = page.Locator($".suggestion-text:text-is('{first}')") }).First;
        await Expect(option).ToHaveAttributeAsync("data-kind", "term");

        // Keyboard: down to the first option, Enter takes it.
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(options.First).ToHaveAttributeAsync("aria-selected", "true");
        var query = (await options.First.GetAttributeAsync("data-text"))!;
        await page.Keyboard.PressAsync("Enter");

        await ExpectResultsForAsync(page, query);
        await Expect(page.Locator("#q")).ToHaveValueAsync(query);
        await Expect(page.Locator("#suggestions")).ToBeHiddenAsync();
        await Expect(page.Locator("#q")).ToHaveAttributeAsync("aria-expanded", "false");
    }

    [BrowserFact]
    public async Task Learned_mode_is_offered_only_when_the_service_has_a_model()
    {
        // This service has no model: /stats says so and the option stays hidden.
        Assert.False((await ApiAsync("/stats")).GetProperty("learnedRanking").GetBoolean());
        var page = await fixture.NewPageAsync();
        var stats = page.WaitForResponseAsync(r => r.Url.EndsWith("/stats", StringComparison.Ordinal));
        await page.GotoAsync("/?q=diplomacy");
        await stats;
        await ExpectResultsForAsync(page, "diplomacy");
        await Expect(page.Locator("#mode-learned")).ToBeHiddenAsync();

        // The same page when /stats reports a model (the real response with learnedRanking set; a service with a
        // model reporting it is LearnedStatsTests in the integration tests): the option appears and is used.
        var withModel = await fixture.NewPageAsync();
        await withModel.RouteAsync("**/stats", async route =>
        {
            var response = await route.FetchAsync();
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!;
            body["learnedRanking"] = true;
            await route.FulfillAsync(new() { Response = response, Body = body.ToJsonString() });
        });
        await withModel.GotoAsync("/?q=diplomacy");
        await Expect(withModel.Locator("#mode-learned")).ToBeVisibleAsync();
        var learned = withModel.WaitForRequestAsync(r => IsSearch(r) && r.Url.Contains("mode=learned", StringComparison.Ordinal));
        await withModel.GetByRole(AriaRole.Radio, new() { Name = "Learned" }).CheckAsync();
        await learned;
        await Expect(withModel).ToHaveURLAsync(new Regex("mode=learned"));
    }
}
