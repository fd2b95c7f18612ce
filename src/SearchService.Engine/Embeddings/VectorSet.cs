namespace SearchService.Engine.Embeddings;

/// <summary>
/// The vector view of one index generation: the model that embedded the passages, and a row per passage.
/// Published together with the Lucene reader of the same commit, so a search never mixes generations.
/// </summary>
public sealed class VectorSet
{
    private readonly Dictionary<string, int> _rowOf;

    public VectorSet(long generation, EmbeddingModel model, IReadOnlyList<string> passageIds, VectorMatrix vectors, int changedSinceFit)
    {
        if (passageIds.Count != vectors.Count)
        {
            throw new ArgumentException($"{passageIds.Count} ids for {vectors.Count} vectors.", nameof(passageIds));
        }

        Generation = generation;
        Model = model;
        PassageIds = passageIds;
        Vectors = vectors;
        ChangedSinceFit = changedSinceFit;
        _rowOf = new Dictionary<string, int>(passageIds.Count, StringComparer.Ordinal);
        for (var row = 0; row < passageIds.Count; row++)
        {
            _rowOf[passageIds[row]] = row;
        }
    }

    public long Generation { get; }

    public EmbeddingModel Model { get; }

    public IReadOnlyList<string> PassageIds { get; }

    public VectorMatrix Vectors { get; }

    /// <summary>Passages re-embedded with the model since it was fitted; past a fraction of the corpus, the model is refitted.</summary>
    public int ChangedSinceFit { get; }

    public bool TryGetRow(string passageId, out int row) => _rowOf.TryGetValue(passageId, out row);
}
