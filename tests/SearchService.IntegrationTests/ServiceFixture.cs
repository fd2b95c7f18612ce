using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using SearchService.Engine;

namespace SearchService.IntegrationTests;

/// <summary>
/// The real service on real Kestrel (loopback, free ports), over a private copy of the seeds and a fresh on-disk
/// index, so tests can change sources without touching the repository. Ready when /health/ready says so.
/// </summary>
public class ServiceFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "searchservice-it-" + Guid.NewGuid().ToString("N"));
    private SearchServiceFactory? _factory;

    public string SeedsPath => Path.Combine(_root, "seeds");

    public string IndexPath => Path.Combine(_root, "index");

    public int HttpPort { get; } = FreePort();

    public int GrpcPort { get; } = FreePort();

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Extra sources written before the service starts, by file name.</summary>
    public static IReadOnlyDictionary<string, string> ExtraSources { get; } = new Dictionary<string, string>
    {
        ["900_markup.txt"] = "Markup test article\n\nThe <b>bold</b> & \"quoted\" claims about <script>alert('zebu')</script> were examined.\n",
    };

    public async Task InitializeAsync()
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

        await BeforeStartAsync();
        _factory = new SearchServiceFactory(this);
        _factory.UseKestrel();
        _factory.StartServer();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };
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
        }
    }

    /// <summary>Runs after the sources are written and before the service starts.</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// <summary>Extra configuration for a derived fixture.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>();

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

    private sealed class SearchServiceFactory(ServiceFixture fixture) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>(fixture.ExtraSettings)
            {
                ["Search:SeedsPath"] = fixture.SeedsPath,
                ["Search:IndexPath"] = fixture.IndexPath,
                ["Search:ChangeDebounce"] = "00:00:00.100",
                ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{fixture.HttpPort}",
                ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{fixture.GrpcPort}",
            }));
        }
    }
}
