namespace SearchService.Engine.Embeddings.Encoder;

/// <summary>
/// Section <c>Search:Embeddings</c>: the pretrained sentence encoder behind semantic retrieval, and whether the
/// corpus-fitted LSA vectors (section <c>Search:Embedding</c>) are built beside it. See docs/semantic.md.
/// </summary>
public sealed class EncoderOptions
{
    public const string MiniLm = "minilm";
    public const string ArcticXs = "arctic-xs";
    public const string None = "none";

    /// <summary>
    /// <c>minilm</c> (all-MiniLM-L6-v2, the default), <c>arctic-xs</c> (snowflake-arctic-embed-xs), <c>none</c>, or
    /// a folder holding <c>model.onnx</c> and <c>vocab.txt</c> (a BERT-style model of your own).
    /// </summary>
    public string Model { get; set; } = MiniLm;

    /// <summary>Pooling of a model of your own (<c>mean</c> over the attention mask, or <c>cls</c>); the built-in models use their own.</summary>
    public EncoderPooling? Pooling { get; set; }

    /// <summary>Prefix put before a query (not a passage) for a model of your own, e.g. <c>query: </c> for e5.</summary>
    public string? QueryPrefix { get; set; }

    /// <summary>Longest input in word pieces, [CLS] and [SEP] included; longer passages are cut. See docs/semantic.md for the measurement.</summary>
    public int MaxTokens { get; set; } = 256;

    /// <summary>Passages per ONNX run; passages are sorted by length first so a batch pads little.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>ONNX Runtime intra-op threads; 0 = one per core.</summary>
    public int Threads { get; set; }

    /// <summary>The environment variable that sets <see cref="CacheFolder"/> (also where configuration reads it from).</summary>
    public const string CacheFolderVariable = "Search__Embeddings__CacheFolder";

    /// <summary>
    /// Optional folder of passage vectors keyed by model fingerprint and passage text hash, shared by every index
    /// (evaluation runs, test fixtures) that uses it, so a text is encoded once. Unset: no cache on disk. Defaults
    /// to the <see cref="CacheFolderVariable"/> environment variable even where options are made in code (tests).
    /// </summary>
    public string? CacheFolder { get; set; } = Environment.GetEnvironmentVariable(CacheFolderVariable);

    /// <summary>
    /// Report not-ready (/health/ready 503) until every passage has its encoder vector, instead of ready-but-degraded.
    /// For deployments (and test fixtures) that want semantic search complete before traffic arrives.
    /// </summary>
    public bool ReadyWhenEncoded { get; set; }

    /// <summary>Build today's corpus-fitted LSA vectors too (a signal of their own: they know the corpus's own vocabulary).</summary>
    public bool Lsa { get; set; } = true;

    /// <summary>The default of <see cref="AnnThreshold"/>: below it the exact scan costs a few milliseconds at most.</summary>
    public const int DefaultAnnThreshold = 50_000;

    /// <summary>
    /// Vector sets (LSA or encoder) with at least this many rows find their semantic candidates with an approximate
    /// nearest-neighbour index (HNSW) instead of the exact scan; smaller ones keep the exact scan and rank exactly as
    /// before. 0 uses the index for every set (recall measurements); <see cref="int.MaxValue"/> turns it off.
    /// </summary>
    public int AnnThreshold { get; set; } = DefaultAnnThreshold;

    /// <summary>Section <c>Search:Embeddings:Graph</c>: how those graphs are built and searched.</summary>
    public GraphOptions Graph { get; set; } = new();

    public bool Enabled => !string.Equals(Model, None, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(Model);
}

/// <summary>How token vectors become one sentence vector.</summary>
public enum EncoderPooling
{
    /// <summary>Average of the token vectors under the attention mask (sentence-transformers MiniLM).</summary>
    Mean,

    /// <summary>The vector of the first token, [CLS] (arctic-embed, bge).</summary>
    Cls,
}
