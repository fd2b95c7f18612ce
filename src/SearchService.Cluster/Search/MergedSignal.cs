using SearchService.Engine.Ranking.Fusion;

namespace SearchService.Cluster.Search;

/// <summary>
/// A signal whose lists were merged over the shards, as the engine's fusion reads a signal: the raw score of any
/// passage it can score (BM25: those of its merged list; encoder cosine: every passage a shard reported).
/// </summary>
internal sealed class MergedSignal(SignalKind kind, IReadOnlyDictionary<int, double> scores) : ISignalQuery
{
    public SignalKind Kind => kind;

    public SignalCandidates Retrieve(int depth) =>
        throw new NotSupportedException("A merged signal is retrieved by the shards; the coordinator only fuses it.");

    public double? Score(int doc) => scores.TryGetValue(doc, out var score) ? score : null;
}
