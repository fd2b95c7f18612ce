namespace SearchService.Engine.Embeddings;

/// <summary>
/// Section <c>Search:Embeddings:Graph</c>: the approximate nearest-neighbour graph (HNSW, USearch) that vector sets
/// of at least <see cref="Encoder.EncoderOptions.AnnThreshold"/> rows search instead of the exact scan. The build
/// settings (<see cref="Connectivity"/>, <see cref="ExpansionAdd"/>, <see cref="Quantization"/>) are saved with each
/// graph: a graph built with other ones still loads and serves, and is rebuilt with these in the background
/// (<see cref="NearestNeighbours.Built"/>). <see cref="ExpansionSearch"/> applies at once. Measured in
/// docs/benchmarks.md ("Eighth session, a denser graph at 1M").
/// </summary>
public sealed class GraphOptions
{
    public const int MinConnectivity = 4;
    public const int MaxConnectivity = 64;
    public const int MinExpansion = 16;
    public const int MaxExpansion = 4096;

    /// <summary>
    /// Links per node (HNSW M; the bottom layer keeps twice as many). More links find more of the exact top k at the
    /// same search beam, at a longer build, more distance computations per step and ≈ 8 more bytes per row per link.
    /// 32 (with <see cref="ExpansionAdd"/> 256) is what reached recall@10 0.98 of the exact scan at a million passages
    /// within 3 ms (16 / 128 reached 0.96 at beam 256); graphs saved with 16 / 128 are rebuilt at their next open.
    /// </summary>
    public int Connectivity { get; set; } = 32;

    /// <summary>Candidates considered when a row is linked in (build-time beam): wider builds a better graph, slower.</summary>
    public int ExpansionAdd { get; set; } = 256;

    /// <summary>
    /// Candidates the graph proposes per query (search-time beam, at least k); a wider beam finds more of the exact
    /// top k and costs proportionally more graph steps. 512: at a million passages a freshly built M 32 / 256 graph
    /// found 0.973 of the exact top ten at beam 256 (another build of the same corpus 0.980: the margin differs per
    /// build), 0.982 at 384 and 0.990 at 512, whose search costs ≈ 0.9 ms of CPU there (docs/benchmarks.md,
    /// "Where issue 19 stands: ninth session").
    /// </summary>
    public int ExpansionSearch { get; set; } = 512;

    /// <summary>
    /// How many of the beam's candidates, the graph's nearest first, are scored exactly (at least k); 0: every one. Each
    /// exact score reads the row (a positional read at a million rows), and the graph's order is only approximate
    /// (quantized vectors), so fewer is cheaper and may miss a passage the beam found. 64 lost no recall@10 against
    /// scoring the whole beam at 100k and 1M passages, and saved a quarter of the graph search's CPU at 1M.
    /// </summary>
    public int RescoreCandidates { get; set; } = 64;

    /// <summary>
    /// How the graph stores its own copy of the vectors (it only steers the walk; candidates are scored from the float
    /// rows): <c>Int8</c> a quarter of float32, <c>Float16</c> half, <c>Float32</c> the full copy.
    /// </summary>
    public GraphQuantization Quantization { get; set; } = GraphQuantization.Int8;

    /// <summary>The settings a saved graph is built with (what a change of makes it rebuilt).</summary>
    public GraphBuild Build => new(Connectivity, ExpansionAdd, Quantization);

    /// <summary>Why these settings cannot be used, or null when they can.</summary>
    public string? Problem() =>
        Connectivity is < MinConnectivity or > MaxConnectivity ? $"Search:Embeddings:Graph:Connectivity must be between {MinConnectivity} and {MaxConnectivity}."
        : ExpansionAdd is < MinExpansion or > MaxExpansion ? $"Search:Embeddings:Graph:ExpansionAdd must be between {MinExpansion} and {MaxExpansion}."
        : ExpansionSearch is < MinExpansion or > MaxExpansion ? $"Search:Embeddings:Graph:ExpansionSearch must be between {MinExpansion} and {MaxExpansion}."
        : RescoreCandidates is < 0 or > MaxExpansion ? $"Search:Embeddings:Graph:RescoreCandidates must be between 0 (every candidate) and {MaxExpansion}."
        : !Enum.IsDefined(Quantization) ? "Search:Embeddings:Graph:Quantization must be Int8, Float16 or Float32."
        : null;
}

/// <summary>How a graph stores its copy of the vectors.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<GraphQuantization>))]
public enum GraphQuantization
{
    Int8,
    Float16,
    Float32,
}

/// <summary>The settings a graph was built with, saved beside it (<c>ann.usearch.json</c>).</summary>
public sealed record GraphBuild(int Connectivity, int ExpansionAdd, GraphQuantization Quantization)
{
    /// <summary>What every graph saved before the settings were options was built with (it has no settings file).</summary>
    public static readonly GraphBuild Original = new(16, 128, GraphQuantization.Int8);

    public override string ToString() => $"M {Connectivity}, expansion {ExpansionAdd} at build, {Quantization}";
}
