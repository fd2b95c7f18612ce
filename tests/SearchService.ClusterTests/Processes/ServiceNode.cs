using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace SearchService.ClusterTests.Processes;

/// <summary>
/// The built SearchService.dll as a separate process on fixed loopback ports (the test's range): a cluster node (HTTP,
/// gRPC, silo and gateway ports) or, with <paramref name="redis"/> null, a single node.
/// </summary>
internal sealed class ServiceNode : IDisposable
{
    private readonly ChildProcess _process;

    public ServiceNode(string name, int httpPort, int grpcPort, string seeds, string dataRoot, string? redis = null, int siloPort = 0, int gatewayPort = 0, int shards = 0)
    {
        Name = name;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dataRoot };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SearchService.dll"));
        start.Environment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpcPort}";
        start.Environment["Search__SeedsPath"] = seeds;
        start.Environment["Search__IndexPath"] = Path.Combine(dataRoot, name, "index");
        start.Environment["Search__Embeddings__Lsa"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        // Rankings, not speed, are under test: on a loaded CI machine a query can outlast the 1 s budget and answer 400.
        start.Environment["Search__QueryLimits__TimeBudget"] = "00:01:00";
        if (redis is not null)
        {
            start.Environment["Search__Cluster__Enabled"] = "true";
            start.Environment["Search__Cluster__Redis"] = redis;
            start.Environment["Search__Cluster__Shards"] = shards.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["Search__Cluster__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["Search__Cluster__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["Search__Cluster__DataPath"] = Path.Combine(dataRoot, name, "shards");
            start.Environment["Search__Cluster__ShardTimeout"] = "00:00:05";
        }

        _process = new ChildProcess(start);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    public HttpClient Http { get; }

    public string Log => _process.Log;

    public async Task<JsonElement> GetJson(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{Name} GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Polls /health/ready until it is Healthy (every shard ready, in cluster mode), bounded.</summary>
    public async Task WaitUntilHealthy(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < timeout)
        {
            Assert.False(_process.HasExited, $"{Name} exited while starting.\n{Log}");
            try
            {
                using var response = await Http.GetAsync("/health/ready");
                last = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK && last.StartsWith("{\"status\":\"Healthy\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // A request that outlived the client's timeout while the node was busy starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{Name} was not healthy within {timeout}: {last}\n{Log}");
    }

    public void Kill() => _process.Kill();

    public void Stop() => _process.Stop(TimeSpan.FromSeconds(10));

    public void Dispose()
    {
        Http.Dispose();
        _process.Dispose();
    }
}
