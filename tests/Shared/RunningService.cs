using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SearchService.Engine;

namespace SearchService.Testing;

/// <summary>How a <see cref="RunningService"/> is reached.</summary>
public enum ServiceHosting
{
    /// <summary>The ASP.NET test server: the whole pipeline, no socket, no port. The default.</summary>
    InMemory,

    /// <summary>Real Kestrel on loopback, for tests whose point is the wire: raw HTTP, HTTP/2 framing, a browser.</summary>
    Kestrel,
}

/// <summary>
/// The real service over a private copy of the seeds and a fresh on-disk index, so tests can change sources without
/// touching the repository. Ready when /health/ready says so. Hosted in memory unless a subclass asks for real
/// sockets (<see cref="Hosting"/>); on Kestrel the HTTP and gRPC endpoints bind port 0 and the ports the system gave
/// are read back, so no port is ever guessed. Subclasses add configuration, sources and services. Shared by the
/// integration and browser test projects.
/// </summary>
public class RunningService : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "searchservice-test-" + Guid.NewGuid().ToString("N"));
    private Factory? _factory;
    private ListenOptions? _httpEndpoint;
    private ListenOptions? _grpcEndpoint;

    /// <summary>The private root; the seeds are a folder inside it, so files beside them are "outside the sources".</summary>
    public string RootPath => _root;

    public string SeedsPath => Path.Combine(_root, "seeds");

    public string IndexPath => Path.Combine(_root, "index");

    /// <summary>The HTTP endpoint's port (Kestrel hosting only).</summary>
    public int HttpPort => BoundPort(_httpEndpoint, "Http");

    /// <summary>The gRPC (HTTP/2-only) endpoint's port (Kestrel hosting only).</summary>
    public int GrpcPort => BoundPort(_grpcEndpoint, "Grpc");

    public string BaseUrl => Hosting == ServiceHosting.Kestrel
        ? $"http://127.0.0.1:{HttpPort}"
        : Server.BaseAddress.ToString().TrimEnd('/');

    public HttpClient Http { get; private set; } = null!;

    public static string RepoRoot => SearchPaths.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Run the tests from inside the repository.");

    /// <summary>In memory unless the tests of this fixture need real sockets.</summary>
    protected virtual ServiceHosting Hosting => ServiceHosting.InMemory;

    /// <summary>Configuration on top of the fixture's paths and ports.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Source files, by name, written beside the seeds before the service starts.</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSources => new Dictionary<string, string>();

    /// <summary>The running service's container, for tests that compare what a service computes with what it sends.</summary>
    public IServiceProvider Services => (_factory ?? throw new InvalidOperationException("The service has not started.")).Services;

    private TestServer Server => (_factory ?? throw new InvalidOperationException("The service has not started.")).Server;

    /// <summary>An absolute URL sent exactly as written: no dot-segment removal, no unescaping by the client.</summary>
    public Uri RawUrl(string pathAndQuery) =>
        new($"{BaseUrl}{pathAndQuery}", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    /// <summary>A gRPC channel to the service: the gRPC port on Kestrel, the test server's handler in memory.</summary>
    public GrpcChannel OpenGrpcChannel() => Hosting == ServiceHosting.Kestrel
        ? GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}")
        : GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    /// <summary>A new client of the HTTP endpoint (the caller disposes it), for tests that set headers of their own.</summary>
    public HttpClient CreateClient() => Hosting == ServiceHosting.Kestrel
        ? new HttpClient { BaseAddress = new Uri(BaseUrl) }
        : (_factory ?? throw new InvalidOperationException("The service has not started."))
            .CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = false });

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

        if (Hosting == ServiceHosting.Kestrel)
        {
            await StartOnKestrelAsync();
        }
        else
        {
            _factory = new Factory(this);
        }

        Http = CreateClient();
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

    // HTTP and gRPC bind port 0, so they cannot collide. A subclass that must name a port in advance (the metrics
    // listener matches on its port number) can still lose it to another process between choosing and binding: only
    // that case is retried, recognised by Kestrel's exception type.
    private async Task StartOnKestrelAsync()
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
            catch (Exception ex) when (attempt < 5 && IsAddressInUse(ex))
            {
                await _factory.DisposeAsync();
                OnAddressInUse();
            }
        }
    }

    /// <summary>Called before a retry when a port chosen by the subclass was taken: choose new ones.</summary>
    protected virtual void OnAddressInUse()
    {
    }

    private static bool IsAddressInUse(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is AddressInUseException)
            {
                return true;
            }
        }

        return false;
    }

    private static int BoundPort(ListenOptions? endpoint, string name) =>
        endpoint?.IPEndPoint is { Port: > 0 } bound
            ? bound.Port
            : throw new InvalidOperationException($"The {name} endpoint has no port: the service is not running on Kestrel.");

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
                    ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
                    ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
                };
                foreach (var (key, value) in fixture.Settings)
                {
                    settings[key] = value;
                }

                config.AddInMemoryCollection(settings);
            });
            builder.ConfigureTestServices(services =>
            {
                // Keep the configured endpoints' listen options: Kestrel writes the port it bound back into them.
                services.PostConfigure<KestrelServerOptions>(kestrel => kestrel.ConfigurationLoader?
                    .Endpoint("Http", endpoint => fixture._httpEndpoint = endpoint.ListenOptions)
                    .Endpoint("Grpc", endpoint => fixture._grpcEndpoint = endpoint.ListenOptions));
                fixture.ConfigureServices(services);
            });
        }
    }
}
