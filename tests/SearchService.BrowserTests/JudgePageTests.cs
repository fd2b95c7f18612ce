using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace SearchService.BrowserTests;

/// <summary>The service with an admin key, which the judging view needs.</summary>
public sealed class JudgeBrowserFixture : BrowserFixture
{
    public const string ApiKey = "test-judge-page-key-3d9e";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Search:Admin:ApiKey"] = ApiKey };
}

/// <summary>The judging view at /?judge=1: asks for the key, pools a query's results, grades by keyboard, exports.</summary>
public sealed class JudgePageTests(JudgeBrowserFixture fixture) : IClassFixture<JudgeBrowserFixture>
{
    [BrowserFact]
    public async Task Five_results_judged_by_keyboard_are_in_the_export_and_nothing_violates_the_policy()
    {
        var page = await fixture.NewPageAsync();
        var console = new ConcurrentQueue<string>();
        page.Console += (_, message) => console.Enqueue(message.Text);
        await page.AddInitScriptAsync("window.__cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective));");

        await page.GotoAsync("/?judge=1");
        await Expect(page.Locator("#judge-key")).ToBeFocusedAsync();
        await Expect(page.Locator("#main")).ToBeHiddenAsync();
        await page.Locator("#judge-key").FillAsync(JudgeBrowserFixture.ApiKey);
        await page.Locator("#judge-key").PressAsync("Enter");

        await Expect(page.Locator("#judge-query")).ToBeFocusedAsync();
        await page.Locator("#judge-name").FillAsync("playwright");
        await page.Locator("#judge-query").FillAsync("bamboo diplomacy");
        await page.Locator("#judge-query").PressAsync("Enter");
        await Expect(page.Locator("#judge-results")).ToHaveAttributeAsync("data-query", "bamboo diplomacy");
        var items = page.Locator("#judge-results > li.judge-item");
        Assert.True(await items.CountAsync() >= 6, "the pool has enough passages to judge five and skip one");
        await Expect(items.Nth(0)).ToBeFocusedAsync();

        // Grade 2 and 1 (focus moves on to the third), j to the fourth, k back, the down arrow to the fourth again (the
        // third stays unjudged), then 0, 2, 1.
        int[] grades = [2, 1, 0, 2, 1];
        await page.Keyboard.PressAsync("2");
        await page.Keyboard.PressAsync("1");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("k");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(items.Nth(3)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("0");
        await page.Keyboard.PressAsync("2");
        await page.Keyboard.PressAsync("1");
        await Expect(page.Locator("#judge-results")).ToHaveAttributeAsync("data-judged", "5");

        int[] judgedAt = [0, 1, 3, 4, 5];
        var expected = new Dictionary<string, int>();
        for (var i = 0; i < judgedAt.Length; i++)
        {
            await Expect(items.Nth(judgedAt[i])).ToHaveAttributeAsync("data-grade", grades[i].ToString());
            expected[(await items.Nth(judgedAt[i]).GetAttributeAsync("data-passage-id"))!] = grades[i];
        }

        await Expect(items.Nth(2)).Not.ToHaveAttributeAsync("data-grade", new System.Text.RegularExpressions.Regex("."));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/judgments?format=trec");
        request.Headers.Add("X-Api-Key", JudgeBrowserFixture.ApiKey);
        using var response = await fixture.Http.SendAsync(request);
        var qrels = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(f => f[2], f => int.Parse(f[3]));
        Assert.Equal(expected, qrels);

        using var listRequest = new HttpRequestMessage(HttpMethod.Get, "/judgments");
        listRequest.Headers.Add("X-Api-Key", JudgeBrowserFixture.ApiKey);
        using var list = await fixture.Http.SendAsync(listRequest);
        Assert.All((await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("judgments").EnumerateArray(), j => Assert.Equal("playwright", j.GetProperty("judge").GetString()));

        // The key is kept for the tab: a reload goes straight to judging, and the grades are shown again.
        await page.ReloadAsync();
        await Expect(page.Locator("#judge-query")).ToBeFocusedAsync();
        await page.Locator("#judge-query").FillAsync("bamboo diplomacy");
        await page.Locator("#judge-query").PressAsync("Enter");
        await Expect(page.Locator("#judge-results")).ToHaveAttributeAsync("data-judged", "5");

        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__cspViolations"));
        Assert.DoesNotContain(console, text => text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [BrowserFact]
    public async Task A_wrong_key_is_refused_and_asked_for_again()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/?judge=1");
        await page.Locator("#judge-key").FillAsync("not-the-key");
        await page.Locator("#judge-key").PressAsync("Enter");
        await page.Locator("#judge-query").FillAsync("doi moi");
        await page.Locator("#judge-query").PressAsync("Enter");

        await Expect(page.Locator("#judge-key-message")).ToContainTextAsync("refused");
        await Expect(page.Locator("#judge-key")).ToBeFocusedAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('searchservice.apiKey')"));
    }
}
