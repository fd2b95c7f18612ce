using SearchService.Engine.Retrieval;

namespace SearchService.Cluster.Search;

/// <summary>
/// A ranking over every shard that answered: the passages (ids and scores, as one node's <c>Rank</c> gives them),
/// the real match count, the mode served, and the shards that did not answer (rebuilding, or their node is gone).
/// </summary>
public sealed record ClusterRanking(long Total, IReadOnlyList<RankedPassage> Passages, SearchMode Mode, IReadOnlyList<int> MissingShards)
{
    public bool Partial => MissingShards.Count > 0;
}

/// <summary>A page of hits from the cluster: the engine's response, and which shards it lacks.</summary>
public sealed record ClusterSearchResponse(SearchResponse Response, IReadOnlyList<int> MissingShards)
{
    public bool Partial => MissingShards.Count > 0;
}

/// <summary>What /stats shows of the cluster: its live nodes (host:siloPort) and its shards.</summary>
public sealed record ClusterOverview(IReadOnlyList<string> Nodes, IReadOnlyList<Shards.ShardState> Shards);
