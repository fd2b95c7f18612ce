using SearchService.Engine.Embeddings;
using SearchService.Engine.Ranking.Fusion;

namespace SearchService.Cluster.Shards;

/// <summary>
/// A shard's encoder space whose query vector is the one the coordinating node embedded (<see cref="QueryVector"/>):
/// the shard scores its passages with it instead of running the encoder again.
/// </summary>
internal sealed class GivenQuerySpace(IVectorSpace space, float[] query) : IVectorSpace
{
    public SignalKind Kind => space.Kind;

    public VectorMatrix Matrix => space.Matrix;

    public NearestNeighbours? Nearest => space.Nearest;

    public bool TryEmbedQuery(string text, Span<float> destination)
    {
        if (query.Length != destination.Length)
        {
            return false;
        }

        query.CopyTo(destination);
        return true;
    }

    public int DocOf(int row) => space.DocOf(row);

    public bool TryGetRow(int doc, out int row) => space.TryGetRow(doc, out row);

    /// <summary>
    /// The space to rank with: <paramref name="space"/> with the coordinator's vector when it was made by this shard's
    /// encoder (same fingerprint), else <paramref name="space"/> itself, which embeds the query here.
    /// </summary>
    public static IVectorSpace For(IVectorSpace space, string? shardEncoderFingerprint, QueryVector? given) =>
        given is not null && string.Equals(given.EncoderFingerprint, shardEncoderFingerprint, StringComparison.Ordinal)
            ? new GivenQuerySpace(space, given.Values)
            : space;
}
