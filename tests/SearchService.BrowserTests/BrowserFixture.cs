using Microsoft.Playwright;
using SearchService.Testing;

namespace SearchService.BrowserTests;

/// <summary>
/// The real service on real Kestrel (loopback, free ports) over a private copy of the seeds and a fresh on-disk index,
/// plus the system's Chromium driven by Playwright. Playwright never downloads a browser: it launches /usr/bin/chromium
/// (installed with apt; .ci/run installs it when missing).
/// </summary>
public class BrowserFixture : RunningService
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The browser needs a real address.</summary>
    protected override ServiceHosting Hosting => ServiceHosting.Kestrel;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        if (!File.Exists(ChromiumPath))
        {
            return; // every browser test is skipped on this machine ([BrowserFact]), so none will ask for the browser
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run",
            ],
        });

        // Conditions are awaited, never slept on; the generous bound only matters on a very slow machine.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    /// <summary>A fresh page (own context: no shared history, storage or routes) on the service.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }

        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
