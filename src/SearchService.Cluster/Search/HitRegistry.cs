using SearchService.Cluster.Shards;
using SearchService.Engine.Ranking.Fusion;

namespace SearchService.Cluster.Search;

/// <summary>
/// The passages one query met on any shard, each under a small id the engine's fusion can use as a doc id, with the
/// order one index over all sources would give them (document ordinal, then the shard's doc order): the tie-break.
/// </summary>
internal sealed class HitRegistry
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<(ShardHit Hit, int Shard)> _hits = [];

    public int Id(ShardHit hit, int shard)
    {
        if (!_ids.TryGetValue(hit.PassageId, out var id))
        {
            id = _hits.Count;
            _ids[hit.PassageId] = id;
            _hits.Add((hit, shard));
        }
        else if (hit.Cosine is not null && _hits[id].Hit.Cosine is null)
        {
            _hits[id] = (_hits[id].Hit with { Cosine = hit.Cosine }, shard);
        }

        return id;
    }

    public ShardHit Hit(int id) => _hits[id].Hit;

    public int ShardOf(int id) => _hits[id].Shard;

    /// <summary>Where one index would put the passage among the others (lower first on equal scores).</summary>
    public (long Ordinal, int Shard, int LocalDoc) OrderOf(int id)
    {
        var (hit, shard) = _hits[id];
        return (hit.Ordinal, shard, hit.LocalDoc);
    }

    /// <summary>The shards' lists of one signal merged: best score first, ties in one index's doc order, the top <paramref name="depth"/>.</summary>
    public List<ScoredDoc> Merge(IEnumerable<(int Shard, IReadOnlyList<ShardHit> List)> lists, int depth) =>
        lists.SelectMany(l => l.List.Select(hit => new ScoredDoc(Id(hit, l.Shard), hit.Score)))
            .OrderByDescending(h => h.Score)
            .ThenBy(h => OrderOf(h.Doc))
            .Take(depth)
            .ToList();

    /// <summary>The cosine of every registered passage that has one (what the encoder signal can score).</summary>
    public Dictionary<int, double> Cosines() =>
        _hits.Select((h, id) => (id, h.Hit.Cosine)).Where(h => h.Cosine is not null).ToDictionary(h => h.id, h => h.Cosine!.Value);
}
