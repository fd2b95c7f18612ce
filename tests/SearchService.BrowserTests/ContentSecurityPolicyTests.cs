using System.Collections.Concurrent;
using static Microsoft.Playwright.Assertions;

namespace SearchService.BrowserTests;

/// <summary>
/// The search page under the service's Content-Security-Policy: searching, explaining, asking and opening a document
/// trigger no violation (no inline script or style, nothing from another origin). Violations are collected both from
/// the page's <c>securitypolicyviolation</c> events and from Chromium's console.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture fixture)
{
    private const string CollectViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
        """;

    [BrowserFact]
    public async Task Searching_explaining_asking_and_opening_a_document_violate_nothing()
    {
        var page = await fixture.NewPageAsync();
        var console = new ConcurrentQueue<string>();
        page.Console += (_, message) => console.Enqueue(message.Text);
        await page.AddInitScriptAsync(CollectViolations);

        var response = await page.GotoAsync("/");
        Assert.Contains("frame-ancestors 'none'", (await response!.AllHeadersAsync()).GetValueOrDefault("content-security-policy") ?? "", StringComparison.Ordinal);
        await Expect(page.Locator("#empty")).ToBeVisibleAsync();

        await page.Locator("#q").PressSequentiallyAsync("what is doi moi");
        await Expect(page.Locator("#main")).ToHaveAttributeAsync("data-state", "results");
        await Expect(page.Locator("#results")).ToHaveAttributeAsync("data-query", "what is doi moi");
        await page.Locator("#explain").CheckAsync();
        await page.Locator("label", new() { HasText = "Lexical" }).ClickAsync();
        await Expect(page.Locator("#results")).ToHaveAttributeAsync("data-mode", "lexical");
        await page.Locator("#results > li.result").First.Locator(".cite-link").ClickAsync();
        await Expect(page.Locator("#doc")).ToHaveAttributeAsync("data-state", "ready");

        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__cspViolations"));
        Assert.DoesNotContain(console, text => text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));

        // The detector works: an inline script, which the policy forbids, is reported.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true'; document.body.append(s); }");
        await page.WaitForFunctionAsync("() => window.__cspViolations.length > 0"); // the event is asynchronous
        Assert.False(await page.EvaluateAsync<bool>("() => window.__inlineRan === true"));
    }
}
