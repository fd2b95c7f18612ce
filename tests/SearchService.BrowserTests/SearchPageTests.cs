using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SearchService.BrowserTests;

/// <summary>
/// The search page at "/" in headless Chromium against the real service. Every wait is on a condition the page
/// exposes (results' data-query/data-mode, visible states, focus, the URL), never on a fixed delay.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SearchPageTests(BrowserFixture fixture)
{
    private async Task<JsonElement> ApiSearchAsync(string q, string mode = "hybrid")
    {
        var response = await fixture.Http.GetFromJsonAsync<JsonElement>($"/search?q={Uri.EscapeDataString(q)}&mode={mode}&k=10");
        return response.GetProperty("results");
    }

    private static ILocator Results(IPage page) => page.Locator("#results > li.result");

    private static async Task ExpectResultsForAsync(IPage page, string query, string mode)
    {
        await Expect(page.Locator("#main")).ToHaveAttributeAsync("data-state", "results");
        await Expect(page.Locator("#results")).ToHaveAttributeAsync("data-query", query);
        await Expect(page.Locator("#results")).ToHaveAttributeAsync("data-mode", mode);
    }

    /// <summary>Whitespace runs (including the no-break spaces of the sources) as one space.</summary>
    private static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"[\s\u00A0]+")]
    private static partial Regex Whitespace();

    [BrowserFact]
    public async Task Typing_a_query_shows_highlighted_results_with_citations()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("#empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#q")).ToBeFocusedAsync();

        await page.Locator("#q").PressSequentiallyAsync("doi moi");

        await ExpectResultsForAsync(page, "doi moi", "hybrid");
        var expected = await ApiSearchAsync("doi moi");
        await Expect(Results(page)).ToHaveCountAsync(expected.GetArrayLength());

        var first = Results(page).First;
        var top = expected[0];
        await Expect(first).ToHaveAttributeAsync("data-passage-id", top.GetProperty("passageId").GetString()!);
        await Expect(first.Locator(".snippet mark").First).ToHaveTextAsync(new Regex("đổi mới", RegexOptions.IgnoreCase));
        var citation = top.GetProperty("citation");
        await Expect(first.Locator(".cite-link")).ToHaveTextAsync(citation.GetProperty("title").GetString()!);
        await Expect(first.Locator(".cite-meta")).ToContainTextAsync("14 Dec 2021");
        await Expect(first.Locator(".cite-meta")).ToContainTextAsync($"¶ {citation.GetProperty("paragraph").GetInt32()}");
        await Expect(first.Locator(".cite-section")).ToHaveTextAsync(citation.GetProperty("section").GetString()!);

        await Expect(page.Locator("#status")).ToContainTextAsync("results");
        await Expect(page.Locator("#status [data-took]")).ToHaveTextAsync(new Regex(@"^\d+(\.\d)? ms$"));
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("aria-live", "polite");
        await Expect(page).ToHaveURLAsync(new Regex(@"/\?q=doi\+moi$"));
    }

    [BrowserFact]
    public async Task The_snippet_is_the_only_html_inserted()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/?q=doi+moi");
        await ExpectResultsForAsync(page, "doi moi", "hybrid");

        // Only <mark> elements come from the server's HTML; titles and sections are text.
        var tags = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('#results .snippet *')].map(e => e.tagName.toLowerCase())");
        Assert.NotEmpty(tags);
        Assert.All(tags, tag => Assert.Equal("mark", tag));
    }

    [BrowserFact]
    public async Task Opening_a_citation_shows_the_whole_document_with_the_cited_passage_highlighted()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/?q=doi+moi&mode=lexical");
        await ExpectResultsForAsync(page, "doi moi", "lexical");

        var expected = (await ApiSearchAsync("doi moi", "lexical"))[1];
        var passageId = expected.GetProperty("passageId").GetString()!;
        var documentId = expected.GetProperty("citation").GetProperty("documentId").GetString()!;
        var result = Results(page).Nth(1);
        await Expect(result).ToHaveAttributeAsync("data-passage-id", passageId);

        await result.Locator(".cite-link").ClickAsync();

        var doc = page.Locator("#doc");
        await Expect(doc).ToBeVisibleAsync();
        await Expect(doc).ToHaveAttributeAsync("data-state", "ready");
        await Expect(page.Locator("#results")).ToBeHiddenAsync();
        var cited = page.Locator("#doc-text mark.cited");
        await Expect(cited).ToHaveCountAsync(1);
        await Expect(cited).ToHaveAttributeAsync("data-passage-id", passageId);
        await Expect(cited).ToBeInViewportAsync();
        Assert.Equal(Normalize(expected.GetProperty("text").GetString()!), Normalize(await cited.TextContentAsync() ?? ""));

        // The whole raw text is there, the passage at exactly its offsets.
        var detail = await fixture.Http.GetFromJsonAsync<JsonElement>($"/documents/{documentId}");
        var raw = detail.GetProperty("rawText").GetString()!;
        Assert.Equal(raw, await page.Locator("#doc-text").TextContentAsync());
        var citation = expected.GetProperty("citation");
        var start = citation.GetProperty("charStart").GetInt32();
        var end = citation.GetProperty("charEnd").GetInt32();
        Assert.Equal(raw[start..end], await cited.TextContentAsync());
        await Expect(page.Locator("#doc-title")).ToHaveTextAsync(detail.GetProperty("document").GetProperty("title").GetString()!);
        await Expect(page).ToHaveURLAsync(new Regex($"doc={documentId}"));

        // Back closes the document and returns to the same results.
        await page.GoBackAsync();
        await Expect(doc).ToBeHiddenAsync();
        await ExpectResultsForAsync(page, "doi moi", "lexical");
        await Expect(page).ToHaveURLAsync(new Regex(@"/\?q=doi\+moi&mode=lexical$"));

        // A document URL opens the document directly (a shared link).
        await page.GotoAsync($"/?q=doi+moi&mode=lexical&doc={documentId}&passage={Uri.EscapeDataString(passageId)}");
        await Expect(page.Locator("#doc-text mark.cited")).ToHaveAttributeAsync("data-passage-id", passageId);
        await page.Locator("#doc-close").ClickAsync();
        await Expect(doc).ToBeHiddenAsync();
        await ExpectResultsForAsync(page, "doi moi", "lexical");
    }

    [BrowserFact]
    public async Task Switching_modes_requests_that_mode_and_updates_the_results()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/?q=foreign+policy");
        await ExpectResultsForAsync(page, "foreign policy", "hybrid");

        foreach (var mode in new[] { "lexical", "semantic", "hybrid" })
        {
            var request = page.WaitForRequestAsync(r => r.Url.Contains("/search?", StringComparison.Ordinal) && r.Url.Contains($"mode={mode}", StringComparison.Ordinal));
            await page.GetByRole(AriaRole.Radio, new() { Name = char.ToUpperInvariant(mode[0]) + mode[1..] }).CheckAsync();
            await request;

            await ExpectResultsForAsync(page, "foreign policy", mode);
            var expected = await ApiSearchAsync("foreign policy", mode);
            await Expect(Results(page).First).ToHaveAttributeAsync("data-passage-id", expected[0].GetProperty("passageId").GetString()!);
            await Expect(page.Locator("#status .status-mode")).ToHaveTextAsync(mode);
            if (mode == "hybrid")
            {
                await Expect(page).ToHaveURLAsync(new Regex(@"/\?q=foreign\+policy$"));
            }
            else
            {
                await Expect(page).ToHaveURLAsync(new Regex($@"/\?q=foreign\+policy&mode={mode}$"));
            }
        }

        // Each switch was a history entry: Back returns to the previous mode.
        await page.GoBackAsync();
        await ExpectResultsForAsync(page, "foreign policy", "semantic");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Semantic" })).ToBeCheckedAsync();
    }

    [BrowserFact]
    public async Task Loading_a_url_runs_its_search()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/?q=doi+moi&mode=lexical");

        await ExpectResultsForAsync(page, "doi moi", "lexical");
        await Expect(page.Locator("#q")).ToHaveValueAsync("doi moi");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Lexical" })).ToBeCheckedAsync();
        var expected = await ApiSearchAsync("doi moi", "lexical");
        var ids = await Results(page).EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.passageId)");
        Assert.Equal(expected.EnumerateArray().Select(r => r.GetProperty("passageId").GetString()!), ids);
        await Expect(page).ToHaveTitleAsync("doi moi – SearchService");
    }

    [BrowserFact]
    public async Task Keyboard_slash_arrows_enter_and_escape()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/?q=doi+moi");
        await ExpectResultsForAsync(page, "doi moi", "hybrid");
        var search = page.Locator("#q");
        await Expect(search).Not.ToBeFocusedAsync();

        await page.Keyboard.PressAsync("/");
        await Expect(search).ToBeFocusedAsync();
        await Expect(search).ToHaveValueAsync("doi moi"); // the slash focused, it was not typed

        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(Results(page).Nth(0)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(Results(page).Nth(1)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(Results(page).Nth(2)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        var focused = Results(page).Nth(1);
        await Expect(focused).ToBeFocusedAsync();
        var outline = await focused.EvaluateAsync<string>("e => getComputedStyle(e).boxShadow");
        Assert.NotEqual("none", outline); // the focused result is visibly marked

        var passageId = await focused.GetAttributeAsync("data-passage-id");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#doc-text mark.cited")).ToHaveAttributeAsync("data-passage-id", passageId!);

        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#doc")).ToBeHiddenAsync();
        await Expect(focused).ToBeFocusedAsync();

        // "/" from a result goes back to the search box; ArrowUp from the first result too.
        await page.Keyboard.PressAsync("/");
        await Expect(search).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(Results(page).Nth(0)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(search).ToBeFocusedAsync();
    }

    [BrowserFact]
    public async Task An_overlong_query_shows_the_apis_message()
    {
        var q = new string('a', 1001);
        using var api = await fixture.Http.GetAsync($"/search?q={q}");
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty("q")[0].GetString()!;

        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#q").FillAsync(q);

        var error = page.Locator("#error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToHaveAttributeAsync("role", "alert");
        await Expect(page.Locator("#error-title")).ToHaveTextAsync(problem.GetProperty("title").GetString()!);
        await Expect(page.Locator("#error-messages li")).ToContainTextAsync(message);
        await Expect(Results(page)).ToHaveCountAsync(0);

        // Fixing the query recovers.
        await page.Locator("#q").FillAsync("doi moi");
        await ExpectResultsForAsync(page, "doi moi", "hybrid");
        await Expect(error).ToBeHiddenAsync();
    }

    [BrowserFact]
    public async Task Network_and_unavailable_errors_are_shown()
    {
        var page = await fixture.NewPageAsync();
        await page.RouteAsync("**/search?*", route => route.FulfillAsync(new()
        {
            Status = 503,
            ContentType = "application/problem+json",
            Body = """{"title":"The index is not ready yet","status":503}""",
        }));
        await page.GotoAsync("/?q=doi+moi");
        await Expect(page.Locator("#error")).ToHaveAttributeAsync("data-status", "503");
        await Expect(page.Locator("#error-title")).ToHaveTextAsync("The index is not ready yet");

        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.Wait });
        await page.RouteAsync("**/search?*", route => route.AbortAsync("connectionrefused"));
        await page.Locator("#error-retry").ClickAsync();
        await Expect(page.Locator("#error")).ToHaveAttributeAsync("data-status", "0");
        await Expect(page.Locator("#error-title")).ToHaveTextAsync("Cannot reach the search service");

        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.Wait });
        await page.Locator("#error-retry").ClickAsync();
        await ExpectResultsForAsync(page, "doi moi", "hybrid");
    }

    [BrowserFact]
    public async Task Empty_and_no_results_states()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("#main")).ToHaveAttributeAsync("data-state", "empty");
        var example = page.Locator("#empty a[data-example='doi moi']");
        await Expect(example).ToBeVisibleAsync();
        await example.ClickAsync();
        await ExpectResultsForAsync(page, "doi moi", "hybrid");

        await page.GotoAsync("/?q=zzqqxxyy&mode=lexical");
        await Expect(page.Locator("#main")).ToHaveAttributeAsync("data-state", "no-results");
        await Expect(page.Locator("#no-results")).ToContainTextAsync("zzqqxxyy");
        await Expect(page.Locator("#status")).ToContainTextAsync("No results");

        await page.Locator("#q").FillAsync("");
        await Expect(page.Locator("#main")).ToHaveAttributeAsync("data-state", "empty");
        await Expect(page).ToHaveURLAsync(new Regex(@"/\?mode=lexical$"));
    }

    [BrowserFact]
    public async Task A_stale_response_never_replaces_newer_results()
    {
        var page = await fixture.NewPageAsync();
        var staleRouted = new TaskCompletionSource<IRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/search?*q=bamboo*", route =>
        {
            staleRouted.TrySetResult(route); // held: answered only after the newer search has rendered
            return Task.CompletedTask;
        });
        await page.GotoAsync("/");
        var staleFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.RequestFailed += (_, request) =>
        {
            if (request.Url.Contains("q=bamboo", StringComparison.Ordinal))
            {
                staleFailed.TrySetResult();
            }
        };

        await page.Locator("#q").FillAsync("bamboo");
        var stale = await staleRouted.Task;
        await page.Locator("#q").FillAsync("doi moi");
        await ExpectResultsForAsync(page, "doi moi", "hybrid");

        // The page aborted the stale request; answering it now changes nothing.
        await staleFailed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        try
        {
            await stale.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = """{"query":"bamboo","total":0,"tookMs":1,"mode":"hybrid","results":[]}""" });
        }
        catch (PlaywrightException)
        {
            // Already cancelled by the page: the expected outcome.
        }

        await ExpectResultsForAsync(page, "doi moi", "hybrid");
        await Expect(Results(page).First).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task The_answer_box_appears_only_when_ask_answers()
    {
        var top = (await ApiSearchAsync("doi moi"))[0];
        var citation = top.GetProperty("citation");
        var passageId = top.GetProperty("passageId").GetString()!;
        var text = top.GetProperty("text").GetString()!;
        var charStart = citation.GetProperty("charStart").GetInt32();
        var answer = new
        {
            query = "what is doi moi",
            answer = new
            {
                text,
                passageId,
                confidence = 0.87,
                sentenceStart = 0,
                sentenceEnd = text.Length,
                charStart,
                charEnd = citation.GetProperty("charEnd").GetInt32(),
                citation,
            },
            reason = (string?)null,
            tookMs = 1.5,
            passages = Array.Empty<object>(),
        };

        // No /ask endpoint (404): no answer box, results as usual.
        var page = await fixture.NewPageAsync();
        await page.RouteAsync("**/ask?*", route => route.FulfillAsync(new() { Status = 404, ContentType = "application/problem+json", Body = """{"title":"Not Found","status":404}""" }));
        await page.GotoAsync("/?q=what+is+doi+moi");
        await ExpectResultsForAsync(page, "what is doi moi", "hybrid");
        await Expect(page.Locator("#answer")).ToBeHiddenAsync();
        await Expect(page.Locator("#answer-reason")).ToBeHiddenAsync();

        // An answer: text, confidence, a citation that opens the document at the passage.
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.Wait });
        await page.RouteAsync("**/ask?*", route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = JsonSerializer.Serialize(answer) }));
        await page.Locator("#q").FillAsync("what is doi moi?");
        var box = page.Locator("#answer");
        await Expect(box).ToBeVisibleAsync();
        await Expect(page.Locator("#answer-text")).ToHaveTextAsync(text);
        await Expect(page.Locator("#answer-confidence-label")).ToHaveTextAsync("87% confidence");
        await page.Locator("#answer-cite").ClickAsync();
        await Expect(page.Locator("#doc-text mark.cited")).ToHaveAttributeAsync("data-passage-id", passageId);
        await Expect(page.Locator("#doc-text mark.cited .answer-sentence")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Escape");
        await Expect(box).ToBeVisibleAsync();

        // No answer: the reason, discreetly.
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.Wait });
        await page.RouteAsync("**/ask?*", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "application/json",
            Body = """{"query":"zebra","answer":null,"reason":"Nothing in the corpus answers this.","tookMs":1,"passages":[]}""",
        }));
        await page.Locator("#q").FillAsync("zebra");
        await Expect(page.Locator("#answer-reason")).ToHaveTextAsync("No direct answer: Nothing in the corpus answers this.");
        await Expect(box).ToBeHiddenAsync();
    }

    [BrowserTheory]
    [InlineData("/")]
    [InlineData("/?q=doi+moi")]
    [InlineData("/?q=doi+moi&explain=1")]
    [InlineData("/?q=doi+moi&mode=lexical&doc=003_37e75ead3a9a6882&passage=003_37e75ead3a9a6882%236")]
    public async Task A_phone_viewport_never_scrolls_sideways(string url)
    {
        var page = await fixture.NewPageAsync(width: 375, height: 740);
        await page.GotoAsync(url);
        await Expect(page.Locator("#main")).Not.ToHaveAttributeAsync("data-state", "loading");
        if (url.Contains("doc=", StringComparison.Ordinal))
        {
            await Expect(page.Locator("#doc")).ToHaveAttributeAsync("data-state", "ready");
        }
        else if (url.Contains("q=", StringComparison.Ordinal))
        {
            await ExpectResultsForAsync(page, "doi moi", "hybrid");
            if (url.Contains("explain=1", StringComparison.Ordinal))
            {
                await Expect(page.Locator("#results .scores").First).ToBeVisibleAsync();
            }
        }

        var (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth"), await page.EvaluateAsync<int>("innerWidth"));
        Assert.True(scrollWidth <= innerWidth, $"{url}: the page is {scrollWidth}px wide in a {innerWidth}px viewport.");
    }

    /// <summary>The results page as a picture; SEARCHSERVICE_SCREENSHOT=path writes it there (docs/screenshot.png).</summary>
    [BrowserFact]
    public async Task Screenshot_of_results_for_doi_moi()
    {
        var page = await fixture.NewPageAsync(width: 1280, height: 800);
        await page.GotoAsync("/?q=doi+moi");
        await ExpectResultsForAsync(page, "doi moi", "hybrid");
        await Expect(page.Locator("#answer")).ToBeVisibleAsync(new() { Visible = await AskAnswersAsync("doi moi") });

        var path = Environment.GetEnvironmentVariable("SEARCHSERVICE_SCREENSHOT") is { Length: > 0 } target
            ? Path.GetFullPath(target, BrowserFixture.RepoRoot)
            : Path.Combine(Path.GetTempPath(), $"searchservice-screenshot-{Guid.NewGuid():N}.png");
        var png = await page.ScreenshotAsync(new() { Path = path, Animations = ScreenshotAnimations.Disabled });
        Assert.True(png.Length > 10_000);
        if (Environment.GetEnvironmentVariable("SEARCHSERVICE_SCREENSHOT") is null or "")
        {
            File.Delete(path);
        }
    }

    private async Task<bool> AskAnswersAsync(string q)
    {
        using var response = await fixture.Http.GetAsync($"/ask?q={Uri.EscapeDataString(q)}");
        if (!response.IsSuccessStatusCode)
        {
            return false;
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("answer").ValueKind == JsonValueKind.Object;
    }
}
