using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using SearchService.Testing;

namespace SearchService.IntegrationTests.Operations;

/// <summary>The running service with the Prometheus endpoint on a port of its own (and an admin key, which that port does not need).</summary>
public sealed class MetricsPortFixture : RunningService
{
    public const string ApiKey = "metrics-test-key-31c7";

    public int MetricsPort { get; } = FreePort();

    public HttpClient Metrics { get; } = new();

    public Uri MetricsUrl => new($"http://127.0.0.1:{MetricsPort}/metrics");

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Telemetry:Metrics:Url"] = $"http://127.0.0.1:{MetricsPort}",
        ["Search:Admin:ApiKey"] = ApiKey,
    };

    public GrpcChannel OpenGrpcChannel() => GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");

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
}
