using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SearchService.Engine;

namespace SearchService.Testing;

/// <summary>
/// The real service on real Kestrel (loopback, free ports), over a private copy of the seeds and a fresh on-disk
/// index, so tests can change sources without touching the repository. Ready when /health/ready says so.
/// Subclasses add configuration, sources and services. Shared by the integration and browser test projects.
/// </summary>
public class RunningService : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "searchservice-test-" + Guid.NewGuid().ToString("N"));
    private Factory? _factory;

    /// <summary>The private root; the seeds are a folder inside it, so files beside them are "outside the sources".</summary>
    public string RootPath => _root;

    public string SeedsPath => Path.Combine(_root, "seeds");

    public string IndexPath => Path.Combine(_root, "index");

    public int HttpPort { get; private set; } = FreePort();

    public int GrpcPort { get; private set; } = FreePort();

    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";

    public HttpClient Http { get; private set; } = null!;

    public static string RepoRoot => SearchPaths.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Run the tests from inside the repository.");

    /// <summary>Configuration on top of the fixture's paths and ports.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Source files, by name, written beside the seeds before the service starts.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSources => new Dictionary<string, string>();

    /// <summary>An absolute URL sent exactly as written: no dot-segment removal, no unescaping by the client.</summary>
    public Uri RawUrl(string pathAndQuery) =>
        new($"{BaseUrl}{pathAndQuery}", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    public virtual async Task InitializeAsync()
    {
        Directory.CreateDirectory(SeedsPath);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoRoot, "seeds"), "*.txt"))
        {
            File.Copy(file, Path.Combine(SeedsPath, Path.GetFileName(file)));
        }

        foreach (var (name, text) in ExtraSources)
        {
            await File.WriteAllTextAsync(Path.Combine(SeedsPath, name), text);
        }

        await StartOnFreePortsAsync();
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        await WaitUntilReadyAsync();
    }

    public virtual async Task DisposeAsync()
    {
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
            // A leftover temp folder must not fail a test.
        }
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    // A port found free can be taken by another test before Kestrel binds it (tests run in parallel): try new ones.
    private async Task StartOnFreePortsAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            _factory = new Factory(this);
            _factory.UseKestrel();
            try
            {
                _factory.StartServer();
                return;
            }
            catch (Exception ex) when (attempt < 5 && ex.ToString().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await _factory.DisposeAsync();
                HttpPort = FreePort();
                GrpcPort = FreePort();
            }
        }
    }

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

    private sealed class Factory(RunningService fixture) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, config) =>
            {
                var settings = new Dictionary<string, string?>
                {
                    ["Search:SeedsPath"] = fixture.SeedsPath,
                    ["Search:IndexPath"] = fixture.IndexPath,
                    ["Search:ChangeDebounce"] = "00:00:00.100",
                    ["Kestrel:Endpoints:Http:Url"] = fixture.BaseUrl,
                    ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{fixture.GrpcPort}",
                };
                foreach (var (key, value) in fixture.Settings)
                {
                    settings[key] = value;
                }

                config.AddInMemoryCollection(settings);
            });
            builder.ConfigureTestServices(fixture.ConfigureServices);
        }
    }
}
