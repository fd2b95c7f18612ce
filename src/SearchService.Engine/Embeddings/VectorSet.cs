namespace SearchService.Engine.Embeddings;

/// <summary>
/// The vector view of one index generation: the model that embedded the passages, and a row per passage.
/// Published together with the Lucene reader of the same commit, so a search never mixes generations.
/// </summary>
public sealed class VectorSet
{
    private readonly Dictionary<string, int> _rowOf;
    private readonly Lazy<EmbeddingModel> _model;
    private NearestNeighbours? _nearest;

    public VectorSet(long generation, EmbeddingModel model, IReadOnlyList<string> passageIds, VectorMatrix vectors, int changedSinceFit)
        : this(generation, new Lazy<EmbeddingModel>(model), model.Fingerprint, passageIds, vectors, changedSinceFit)
    {
    }

    /// <param name="model">
    /// The model, possibly still loading: a restart serves lexical queries and the vectors' rows before the ML.NET model
    /// (a fifth of a 100k-passage restart) is read, and a failed load makes semantic retrieval unavailable, not the index.
    /// </param>
    /// <param name="modelFingerprint">The settings the model was fitted with (known without loading it).</param>
    internal VectorSet(long generation, Lazy<EmbeddingModel> model, string modelFingerprint, IReadOnlyList<string> passageIds, VectorMatrix vectors, int changedSinceFit)
    {
        if (passageIds.Count != vectors.Count)
        {
            throw new ArgumentException($"{passageIds.Count} ids for {vectors.Count} vectors.", nameof(passageIds));
        }

        Generation = generation;
        _model = model;
        ModelFingerprint = modelFingerprint;
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

    /// <summary>The fitted model (waits for it while it is still loading).</summary>
    /// <exception cref="InvalidOperationException">The model of a loaded generation could not be read (the query path
    /// asks <see cref="TryGetModel"/> instead and answers "semantic unavailable").</exception>
    public EmbeddingModel Model => TryGetModel(out var model) ? model : throw new InvalidOperationException($"The LSA model of vector generation {Generation} could not be read.");

    /// <summary>The embedding settings' fingerprint the model was fitted with.</summary>
    public string ModelFingerprint { get; }

    /// <summary>The model, or false when it could not be loaded (the indexer then fits a new one).</summary>
    public bool TryGetModel([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EmbeddingModel? model)
    {
        try
        {
            model = _model.Value;
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            model = null;
            return false;
        }
    }

    public IReadOnlyList<string> PassageIds { get; }

    public VectorMatrix Vectors { get; }

    /// <summary>Passages re-embedded with the model since it was fitted; past a fraction of the corpus, the model is refitted.</summary>
    public int ChangedSinceFit { get; }

    /// <summary>
    /// Where this generation's doc → row map is saved, when the set is the one saved in (or loaded from) its
    /// generation folder; null for derived sets (<see cref="Without"/>), whose rows differ.
    /// </summary>
    internal RowMapFile? RowMap { get; set; }

    /// <summary>
    /// The approximate nearest-neighbour index over <see cref="Vectors"/> when the set is large enough
    /// (<see cref="Encoder.EncoderOptions.AnnThreshold"/>); null: semantic candidates come from the exact scan.
    /// </summary>
    /// <remarks>
    /// A loaded generation gets it in the background (<see cref="NearestAttached"/>): checking the saved graph's
    /// checksum, or building a missing or damaged one, is not on the path to ready; the exact scan serves meanwhile.
    /// </remarks>
    public NearestNeighbours? Nearest
    {
        get => Volatile.Read(ref _nearest);
        internal set => Volatile.Write(ref _nearest, value);
    }

    /// <summary>Completes once <see cref="Nearest"/> is attached, or known not to come (a build that failed).</summary>
    public Task NearestAttached { get; internal set; } = Task.CompletedTask;

    public bool TryGetRow(string passageId, out int row) => _rowOf.TryGetValue(passageId, out row);

    /// <summary>
    /// This set without the passages of <paramref name="documents"/>: what a generation whose documents are being
    /// re-indexed can still serve without mixing an old vector with new text. Not persisted.
    /// </summary>
    public VectorSet Without(IReadOnlySet<string> documents)
    {
        var keep = Enumerable.Range(0, PassageIds.Count).Where(row => !documents.Contains(DocumentOf(PassageIds[row]))).ToList();
        var dimensions = Vectors.Dimensions;
        var data = new float[keep.Count * dimensions];
        for (var i = 0; i < keep.Count; i++)
        {
            Vectors.CopyRow(keep[i], data.AsSpan(i * dimensions, dimensions));
        }

        return new VectorSet(Generation, _model, ModelFingerprint, keep.Select(row => PassageIds[row]).ToList(), new VectorMatrix(data, dimensions), ChangedSinceFit);
    }

    // Passage ids are "<documentId>#<ordinal>"; a document id may itself contain '#'.
    private static string DocumentOf(string passageId) => passageId[..passageId.LastIndexOf('#')];
}
