using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;
using SearchService.Engine;

namespace SearchService.BrowserTests;

/// <summary>
/// The real service on real Kestrel (loopback, free ports) over a private copy of the seeds and a fresh on-disk index,
/// plus the system's Chromium driven by Playwright. Playwright never downloads a browser: it launches /usr/bin/chromium
/// (installed with apt; .ci/run installs it when missing).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "searchservice-browser-" + Guid.NewGuid().ToString("N"));
    private SearchServiceFactory? _factory;
    private IPlaywright? _playwright;

    public string SeedsPath => Path.Combine(_root, "seeds");

    public string IndexPath => Path.Combine(_root, "index");

    public int HttpPort { get; } = FreePort();

    public int GrpcPort { get; } = FreePort();

    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";

    public HttpClient Http { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(SeedsPath);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoRoot, "seeds"), "*.txt"))
        {
            File.Copy(file, Path.Combine(SeedsPath, Path.GetFileName(file)));
        }

        _factory = new SearchServiceFactory(this);
        _factory.UseKestrel();
        _factory.StartServer();
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        await WaitUntilReadyAsync();

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need Chromium at {ChromiumPath}: apt-get install -y chromium.");
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

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }

        Http.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static string RepoRoot => SearchPaths.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Run the tests from inside the repository.");

    private async Task WaitUntilReadyAsync()
    {
        // Bounded poll on readiness, not a timing assertion.
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var response = await Http.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The service did not become ready within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class SearchServiceFactory(BrowserFixture fixture) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Search:SeedsPath"] = fixture.SeedsPath,
                ["Search:IndexPath"] = fixture.IndexPath,
                ["Kestrel:Endpoints:Http:Url"] = fixture.BaseUrl,
                ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{fixture.GrpcPort}",
            }));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
