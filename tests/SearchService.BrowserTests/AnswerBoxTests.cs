using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace SearchService.BrowserTests;

/// <summary>
/// The answer box against the real /ask (no mocked responses): shown only when the service says the query is a
/// question and an answer clears the floor, with other sources' differing answers listed under it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AnswerBoxTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task A_keyword_search_like_doi_moi_gets_results_but_no_answer_box()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/?q=doi+moi");

        // The box records the query of the /ask reply it rendered: wait for that, then it must stay hidden.
        await Expect(page.Locator("#answer")).ToHaveAttributeAsync("data-query", "doi moi");
        await Expect(page.Locator("#results > li.result").First).ToBeVisibleAsync();
        await Expect(page.Locator("#answer")).ToBeHiddenAsync();
        await Expect(page.Locator("#answer-reason")).ToBeHiddenAsync();
    }

    [BrowserFact]
    public async Task A_question_whose_answer_changed_shows_the_newest_answer_and_what_earlier_sources_said()
    {
        const string question = "How many countries does Vietnam have diplomatic relations with now?";
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/?q=" + Uri.EscapeDataString(question));

        await Expect(page.Locator("#answer")).ToHaveAttributeAsync("data-query", question);
        await Expect(page.Locator("#answer")).ToBeVisibleAsync();
        await Expect(page.Locator("#answer-text")).ToContainTextAsync("194");
        await Expect(page.Locator("#answer-confidence-label")).ToHaveTextAsync(new Regex(@"^\d+% confidence$"));
        var alternatives = page.Locator("#answer-alternatives li.answer-alternative");
        await Expect(alternatives).ToHaveCountAsync(2);
        await Expect(alternatives.Nth(0)).ToContainTextAsync("189 countries");
        await Expect(alternatives.Nth(0)).ToContainTextAsync("(14 Dec 2021)");
        await Expect(alternatives.Nth(1)).ToContainTextAsync("193");
        await Expect(alternatives.Nth(1)).ToContainTextAsync("(undated)");

        // An alternative opens its source at the sentence.
        await alternatives.Nth(1).Locator("a.cite-link").ClickAsync();
        await Expect(page.Locator("#doc-text mark.cited .answer-sentence")).ToContainTextAsync("193");
    }

    [BrowserFact]
    public async Task A_question_the_corpus_cannot_answer_shows_the_reason_not_an_answer_box()
    {
        const string question = "What is the capital of France?";
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/?q=" + Uri.EscapeDataString(question));

        await Expect(page.Locator("#answer")).ToHaveAttributeAsync("data-query", question);
        await Expect(page.Locator("#answer")).ToBeHiddenAsync();
        await Expect(page.Locator("#answer-reason")).ToContainTextAsync("No direct answer:");
    }
}
