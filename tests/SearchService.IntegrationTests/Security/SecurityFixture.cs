using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SearchService.IntegrationTests.Security;

/// <summary>
/// <see cref="ServiceFixture"/>'s pattern (real Kestrel on free loopback ports, a private copy of the seeds, a fresh
/// index) with extra configuration and services per subclass: an admin key, CORS origins, tight limits.
/// </summary>
public abstract class SecurityFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "searchservice-sec-" + Guid.NewGuid().ToString("N"));
    private Factory? _factory;

    /// <summary>The private root; the seeds are a folder inside it, so files beside them are "outside the sources".</summary>
    public string RootPath => _root;

    public string SeedsPath => Path.Combine(_root, "seeds");

    public string IndexPath => Path.Combine(_root, "index");

    public int HttpPort { get; } = FreePort();

    public int GrpcPort { get; } = FreePort();

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Configuration on top of the fixture's paths and ports.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Extra source files, by name, written before the service starts.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSources => new Dictionary<string, string>();

    public GrpcChannel OpenGrpcChannel() => GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");

    /// <summary>An absolute URL sent exactly as written: no dot-segment removal, no unescaping by the client.</summary>
    public Uri RawUrl(string pathAndQuery) =>
        new($"http://127.0.0.1:{HttpPort}{pathAndQuery}", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(SeedsPath);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ServiceFixture.RepoRoot, "seeds"), "*.txt"))
        {
            File.Copy(file, Path.Combine(SeedsPath, Path.GetFileName(file)));
        }

        foreach (var (name, text) in ExtraSources)
        {
            await File.WriteAllTextAsync(Path.Combine(SeedsPath, name), text);
        }

        _factory = new Factory(this);
        _factory.UseKestrel();
        _factory.StartServer();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };
        await WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
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

    protected virtual void ConfigureServices(IServiceCollection services)
    {
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

    private sealed class Factory(SecurityFixture fixture) : WebApplicationFactory<Program>
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
                    ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{fixture.HttpPort}",
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

/// <summary>Admin endpoints on, with <see cref="ApiKey"/>; one extra source for the delete tests.</summary>
public sealed class AdminFixture : SecurityFixture
{
    public const string ApiKey = "test-admin-key-5b1f";

    public const string DisposableId = "960_delete_me";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Admin:ApiKey"] = ApiKey,
    };

    protected override IReadOnlyDictionary<string, string> ExtraSources => new Dictionary<string, string>
    {
        [DisposableId + ".txt"] = "Disposable article\n\nThe quokka ambassador signed nothing of note.\n",
    };
}

/// <summary>CORS open to one UI origin.</summary>
public sealed class CorsFixture : SecurityFixture
{
    public const string AllowedOrigin = "http://ui.example";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Cors:AllowedOrigins:0"] = AllowedOrigin,
    };
}

/// <summary>One search at a time, none waiting; <see cref="Hold"/> keeps admitted requests inside the endpoint.</summary>
public sealed class SingleSlotFixture : SecurityFixture
{
    public HoldFilter Hold { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Limits:MaxConcurrentRequests"] = "1",
        ["Search:Limits:QueueLimit"] = "0",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<SearchService.Api.ISearchEndpointFilter>(Hold);
}

/// <summary>Three requests per client per hour: the window cannot roll over during a test run.</summary>
public sealed class PerClientFixture : SecurityFixture
{
    public const int Permits = 3;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Limits:PerClientPermitLimit"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Search:Limits:PerClientWindow"] = "01:00:00",
    };
}
