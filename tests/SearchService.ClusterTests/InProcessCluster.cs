using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;
using SearchService.Cluster;
using SearchService.Cluster.Hosting;
using SearchService.Cluster.Placement;
using SearchService.Cluster.Search;
using SearchService.Cluster.Shards;
using SearchService.Engine;
using SearchService.Evaluation;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Testing;
using ClusterOptions = SearchService.Cluster.ClusterOptions;

namespace SearchService.ClusterTests;

/// <summary>
/// Three in-process Orleans silos (Orleans.TestingHost) hosting <see cref="Shards"/> shard grains over a fixed
/// corpus, and one node's engine over the same corpus in one index (the reference the cluster must equal). Both use
/// BM25 and the MiniLM encoder (its vectors shared through the test encoder cache), LSA off as in cluster mode.
/// </summary>
public abstract class InProcessCluster : IAsyncLifetime
{
    public const int Silos = 3;
    public const int Shards = 4;

    private readonly TemporaryFolder _data = new("searchservice-cluster-test-");
    private readonly SharedGrainStorage _storage = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ClusterSearch Search { get; private set; } = null!;

    public EvaluationIndex Single { get; private set; } = null!;

    public IReadOnlyList<(ParsedDocument Document, SourceFingerprint Fingerprint)> Documents { get; private set; } = [];

    public ClusterOptions ClusterOptions { get; } = new() { Enabled = true, Shards = Shards, ShardTimeout = TimeSpan.FromSeconds(20), RebalanceInterval = TimeSpan.FromSeconds(1) };

    /// <summary>The first of the 2×<see cref="Silos"/>+2 ports (silo and gateway ports) this cluster may use.</summary>
    protected abstract int BasePort { get; }

    protected abstract string EncoderModel { get; }

    /// <summary>Silos started with the cluster (tests may start or stop more).</summary>
    protected virtual short InitialSilos => Silos;

    protected abstract IReadOnlyList<(ParsedDocument Document, SourceFingerprint Fingerprint)> ReadDocuments();

    public SearchOptions SearchOptions() => new() { Embeddings = { Model = EncoderModel, Lsa = false } };

    public async Task InitializeAsync()
    {
        Documents = ReadDocuments();
        Single = EvaluationIndex.Build(Documents, SearchOptions());
        ClusterOptions.DataPath = _data.Path;

        var builder = new InProcessTestClusterBuilder(InitialSilos);
        builder.Options.ConfigureFileLogging = false;
        var sources = new ListShardSources(Documents);
        builder.ConfigureSilo((siloOptions, silo) =>
        {
            // This test run's port range rather than whatever ports are free (Silo_0, Silo_1, …).
            var instance = int.Parse(siloOptions.SiloName.Split('_')[^1], System.Globalization.CultureInfo.InvariantCulture);
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = BasePort + instance;
                o.GatewayPort = siloOptions.GatewayPort == 0 ? 0 : BasePort + 10 + instance;
            });
            silo.Services.AddGrainStorage(ShardStorage.Name, (_, _) => _storage);
            silo.Configure<ClusterMembershipOptions>(ClusterHostingExtensions.ConfigureFailureDetection);
            silo.Services.AddSingleton<IShardSources>(sources);
            silo.Services.AddSingleton(Options.Create(SearchOptions()));
            silo.Services.AddSingleton(Options.Create(ClusterOptions));
            silo.Services.AddSearchShards();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Search = new ClusterSearch(Cluster.Client, Options.Create(ClusterOptions), Options.Create(SearchOptions()));
        await WaitUntilReady(TimeSpan.FromMinutes(3));
    }

    /// <summary>
    /// Waits (bounded) until every shard is built on the silo the layout over the active silos gives it, so no shard
    /// is about to move (a shard activated before the last silo joined migrates once it sees it).
    /// </summary>
    public async Task<IReadOnlyList<ShardState>> WaitUntilReady(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            var silos = Cluster.GetActiveSilos().Select(s => s.SiloAddress).ToList();
            var states = await Search.States(cancellation.Token);
            if (states.All(s => s.Status == ShardStatus.Ready && s.Node == ShardPlacementDirector.NodeName(ShardPlacementDirector.PreferredSilo(s.Id, Shards, silos))))
            {
                return states;
            }

            Assert.DoesNotContain(states, s => s.Status == ShardStatus.Failed);
            await Task.Delay(200, cancellation.Token);
        }
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Single.Dispose();
        _data.Dispose();
    }
}

/// <summary>The seed articles of the repository's sources folder, read by the production <see cref="SourcesFolderShardSources"/>.</summary>
public sealed class SeedsCluster : InProcessCluster
{
    protected override int BasePort => 5710;

    protected override string EncoderModel => "minilm";

    protected override IReadOnlyList<(ParsedDocument Document, SourceFingerprint Fingerprint)> ReadDocuments() =>
        new SourcesFolderShardSources(new SearchOptions { SeedsPath = TestPaths.Seeds }).Read().ToList();
}

/// <summary>The seeds again, on a cluster of its own that the fault tests push to and take silos from.</summary>
public sealed class FaultCluster : InProcessCluster
{
    protected override int BasePort => 5750;

    protected override string EncoderModel => "minilm";

    protected override IReadOnlyList<(ParsedDocument Document, SourceFingerprint Fingerprint)> ReadDocuments() =>
        new SourcesFolderShardSources(new SearchOptions { SeedsPath = TestPaths.Seeds }).Read().ToList();
}

/// <summary>The seeds on two silos to begin with, which the rebalancing tests grow and shrink (ports 6150-6169).</summary>
public sealed class GrowingCluster : InProcessCluster
{
    protected override int BasePort => 6150;

    protected override short InitialSilos => 2;

    protected override string EncoderModel => "minilm";

    protected override IReadOnlyList<(ParsedDocument Document, SourceFingerprint Fingerprint)> ReadDocuments() =>
        new SourcesFolderShardSources(new SearchOptions { SeedsPath = TestPaths.Seeds }).Read().ToList();
}

/// <summary>The shared ADI collection (82 documents, 35 queries) through the BEIR loader; empty where it is missing.</summary>
public sealed class AdiCluster : InProcessCluster
{
    public static string Path => TestPaths.SharedCollection("adi");

    protected override int BasePort => 5730;

    protected override string EncoderModel => "minilm";

    protected override IReadOnlyList<(ParsedDocument Document, SourceFingerprint Fingerprint)> ReadDocuments() =>
        File.Exists(System.IO.Path.Combine(Path, "corpus.jsonl"))
            ? BeirDataset.Load(Path).Corpus.Select(d => (BeirPassages.ToParsedDocument(d), BeirPassages.FingerprintOf(d))).ToList()
            : [];
}

