using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SearchService.Cluster.Search;
using SearchService.Cluster.Shards;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Testing;

namespace SearchService.ClusterTests;

/// <summary>The seeds on three silos and four shards, for the API tests (ports 6200-6212).</summary>
public sealed class ApiCluster : InProcessCluster
{
    protected override int BasePort => 6200;

    protected override string EncoderModel => "minilm";

    protected override IReadOnlyList<(ParsedDocument Document, SourceFingerprint Fingerprint)> ReadDocuments() =>
        new SourcesFolderShardSources(new Engine.SearchOptions { SeedsPath = TestPaths.Seeds }).Read().ToList();
}

/// <summary>
/// The real SearchService API (in memory) over the seeds, with push enabled and LSA off (as in cluster mode). With a
/// cluster, it is a node of it: /search, /ask, /suggest, /documents and push (HTTP and gRPC) go through the cluster's services, bound
/// to the in-process silos' client exactly as cluster mode binds them to its own silo.
/// </summary>
public sealed class NodeHost(InProcessCluster? cluster) : RunningService
{
    public const string ApiKey = "cluster-api-tests-key-0123456789abcdef";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Admin:ApiKey"] = ApiKey,
        ["Search:Embeddings:Lsa"] = "false",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        if (cluster is null)
        {
            return;
        }

        services.AddSingleton(cluster.Search);
        services.AddSingleton(new ClusterCatalog(cluster.Cluster.Client, Options.Create(cluster.ClusterOptions)));
        services.AddSingleton(new ClusterAnswers(cluster.Search, Options.Create(cluster.SearchOptions())));
        services.AddSingleton(new ClusterSuggest(cluster.Cluster.Client, Options.Create(cluster.ClusterOptions), Options.Create(cluster.SearchOptions())));
    }
}

/// <summary>
/// A cluster node's API and a single node's API over the same seeds. Every push of the tests goes to both, so at
/// any time both serve the same documents and every answer can be compared.
/// </summary>
public sealed class ClusterApiFixture : IAsyncLifetime
{
    public ApiCluster Cluster { get; } = new();

    public NodeHost Single { get; } = new(null);

    public NodeHost Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Node = new NodeHost(Cluster);
        await Task.WhenAll(Single.InitializeAsync(), Node.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Single.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Sends the same request to the single node and the cluster node; both answers as status and JSON (null when empty).</summary>
    public async Task<((int Status, JsonNode? Json) Single, (int Status, JsonNode? Json) Node)> Both(Func<HttpRequestMessage> request) =>
        (await Send(Single, request()), await Send(Node, request()));

    public static HttpRequestMessage Put(string id, object body, bool wait = true) =>
        new(HttpMethod.Put, $"/documents/{id}{(wait ? "" : "?wait=false")}") { Content = JsonContent.Create(body), Headers = { { "X-Api-Key", NodeHost.ApiKey } } };

    public static HttpRequestMessage Delete(string id) =>
        new(HttpMethod.Delete, $"/documents/{id}") { Headers = { { "X-Api-Key", NodeHost.ApiKey } } };

    public static HttpRequestMessage Get(string pathAndQuery) => new(HttpMethod.Get, pathAndQuery);

    /// <summary>The JSON without the fields that differ between any two runs (when a document was indexed, how long a search took).</summary>
    public static JsonNode? WithoutTimes(JsonNode? json)
    {
        var copy = json?.DeepClone();
        Strip(copy);
        return copy;
    }

    private static async Task<(int Status, JsonNode? Json)> Send(RunningService service, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await service.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
        }
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                obj.Remove("indexedAt");
                obj.Remove("tookMs");
                obj.Remove("traceId");
                foreach (var (_, child) in obj.ToList())
                {
                    Strip(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Strip(child);
                }

                break;
        }
    }
}
