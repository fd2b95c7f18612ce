using SearchService.Cluster.Shards;
using SearchService.Engine;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Retrieval;

namespace SearchService.ClusterTests;

/// <summary>A fixed list of documents as the shards' durable sources (a BEIR collection, or made-up documents).</summary>
internal sealed class ListShardSources(IReadOnlyList<(ParsedDocument Document, SourceFingerprint Fingerprint)> documents) : IShardSources
{
    public IEnumerable<(ParsedDocument Document, SourceFingerprint Fingerprint)> Read() => documents;
}

internal static class TestPaths
{
    public static string RepoRoot => SearchPaths.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);

    public static string Seeds => Path.Combine(RepoRoot, "seeds");

    /// <summary>A shared BEIR collection beside the repository (../shared/benchdata/NAME), as the benchmarks read them.</summary>
    public static string SharedCollection(string name) => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "benchdata", name));
}

/// <summary>A test that needs a shared collection beside the repository; skipped (with the reason) where it is missing.</summary>
public sealed class SharedCollectionFactAttribute : FactAttribute
{
    public SharedCollectionFactAttribute(string name)
    {
        if (!File.Exists(Path.Combine(TestPaths.SharedCollection(name), "corpus.jsonl")))
        {
            Skip = $"The shared collection {name} is not at {TestPaths.SharedCollection(name)}.";
        }
    }
}

internal static class RankingAssert
{
    public const double Tolerance = 1e-6;

    /// <summary>The same passages in the same order with the same scores (to 1e-6), and the same match count.</summary>
    public static void Identical(string query, Engine.Retrieval.Ranking single, IReadOnlyList<RankedPassage> cluster, long clusterTotal)
    {
        Assert.True(single.Total == clusterTotal, $"'{query}': one node matched {single.Total}, the cluster {clusterTotal}");
        Assert.True(single.Passages.Count == cluster.Count, $"'{query}': one node ranked {single.Passages.Count} passages, the cluster {cluster.Count}");
        for (var i = 0; i < cluster.Count; i++)
        {
            var (expected, actual) = (single.Passages[i], cluster[i]);
            Assert.True(expected.PassageId == actual.PassageId, $"'{query}' rank {i + 1}: one node has {expected.PassageId} ({expected.Score}), the cluster {actual.PassageId} ({actual.Score})");
            Assert.True(Math.Abs(expected.Score - actual.Score) <= Tolerance, $"'{query}' rank {i + 1} ({actual.PassageId}): one node scores {expected.Score}, the cluster {actual.Score}");
        }
    }
}
