using System.Net;
using System.Net.Sockets;
using SearchService.Testing;

namespace SearchService.IntegrationTests.Operations;

/// <summary>The running service with the Prometheus endpoint on a port of its own (and an admin key, which that port does not need).</summary>
public sealed class MetricsPortFixture : RunningService
{
    public const string ApiKey = "metrics-test-key-31c7";

    /// <summary>Chosen before the start (the listener matches requests on this port number), so it can be lost to another process: then chosen again.</summary>
    public int MetricsPort { get; private set; } = FreePort();

    public HttpClient Metrics { get; } = new();

    public Uri MetricsUrl => new($"http://127.0.0.1:{MetricsPort}/metrics");

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Telemetry:Metrics:Url"] = $"http://127.0.0.1:{MetricsPort}",
        ["Search:Admin:ApiKey"] = ApiKey,
    };

    protected override ServiceHosting Hosting => ServiceHosting.Kestrel;

    protected override void OnAddressInUse() => MetricsPort = FreePort();

    public override async Task DisposeAsync()
    {
        Metrics.Dispose();
        await base.DisposeAsync();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>No metrics port: the scrape endpoint is on the public port, behind the admin key.</summary>
public sealed class MetricsKeyFixture : RunningService
{
    public const string ApiKey = "metrics-key-only-8d20";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Admin:ApiKey"] = ApiKey,
    };

    protected override ServiceHosting Hosting => ServiceHosting.Kestrel;
}

/// <summary>
/// The metrics tests run alone, after the parallel tests. OpenTelemetry matches meters by name, process-wide: with
/// other in-process hosts alive, this host's exporter would also see their "SearchService" meters, and a metric stream
/// shared with a host that is then disposed stops being exported. One service per process (production) has no such
/// neighbours.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection : ICollectionFixture<MetricsPortFixture>
{
    public const string Name = "metrics";
}

/// <summary>The key-only metrics service, alone for the same reason as <see cref="MetricsCollection"/>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsKeyCollection : ICollectionFixture<MetricsKeyFixture>
{
    public const string Name = "metrics-key";
}
