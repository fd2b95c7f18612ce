using System.Text.Json.Serialization;
using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Retrieval;

/// <summary>A span of <see cref="SearchHit.Text"/> that matched the query: UTF-16 offsets, end exclusive.</summary>
public readonly record struct Highlight(int Start, int End);

/// <summary>Where a passage comes from, precisely enough for a UI to open the source and highlight it.</summary>
/// <param name="Metadata">
/// The document's metadata, the record <see cref="DocumentSummary"/> carries too (so one mapping serves both, as the
/// gRPC <c>DocumentMetadata</c> message). The HTTP JSON keeps its flat shape: the fields below are read from it.
/// </param>
/// <param name="Paragraph">1-based position of the passage among its document's passages (the passage id's ordinal + 1).</param>
/// <param name="CharStart">UTF-16 offset of the passage in the source file's decoded text (inclusive).</param>
/// <param name="CharEnd">UTF-16 offset of the passage end (exclusive).</param>
/// <param name="LineStart">1-based first line.</param>
/// <param name="LineEnd">1-based last line (inclusive).</param>
public sealed record Citation(
    [property: JsonIgnore] DocumentMetadata Metadata,
    int Paragraph,
    string? Section,
    int CharStart,
    int CharEnd,
    int LineStart,
    int LineEnd)
{
    // Order -1: the metadata fields come first in the JSON, where they were when Citation declared them itself.
    [JsonPropertyOrder(-1)]
    public string DocumentId => Metadata.DocumentId;

    [JsonPropertyOrder(-1)]
    public string Title => Metadata.Title;

    [JsonPropertyOrder(-1)]
    public DateTime? Published => Metadata.Published;

    [JsonPropertyOrder(-1)]
    public string? Publisher => Metadata.Publisher;

    [JsonPropertyOrder(-1)]
    public string? Url => Metadata.Url;

    /// <summary>File name relative to the sources folder.</summary>
    [JsonPropertyOrder(-1)]
    public string SourcePath => Metadata.SourcePath;

    public static Citation Of(Passage passage, DocumentMetadata document) => new(
        document,
        passage.Ordinal + 1,
        passage.Section,
        passage.CharStart,
        passage.CharEnd,
        passage.LineStart,
        passage.LineEnd);
}

/// <summary>Why a passage ranks where it does (with <c>explain=true</c>): each list's score and 1-based rank, and the fused score. Null where the passage was not in that list.</summary>
/// <param name="Features">Learned mode only: each ranking feature's value, by name.</param>
/// <param name="Contributions">Learned mode only: how much each feature moved the model's score (ML.NET feature contribution of the trees; 0 for all without a trained model).</param>
public sealed record HitScores(
    double? Lexical,
    int? LexicalRank,
    double? Semantic,
    int? SemanticRank,
    double Fused,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Features = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Contributions = null)
{
    /// <summary>
    /// Lexical, semantic and hybrid modes: each signal that took part ("lexical", "lsa", "encoder") with its raw score
    /// (BM25 or cosine), rank in its own list, normalized score and weight; <see cref="Fused"/> is Σ weight × normalized.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, SignalScore>? Signals { get; init; }
}

/// <summary>One ranked passage.</summary>
/// <param name="Snippet">The passage as HTML: text escaped, matched terms wrapped in &lt;mark&gt;.</param>
public sealed record SearchHit(
    int Rank,
    double Score,
    string PassageId,
    string Text,
    PassageKind Kind,
    string Snippet,
    IReadOnlyList<Highlight> Highlights,
    Citation Citation,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] HitScores? Scores = null);

/// <summary>
/// A page of ranked passages. <see cref="Total"/> is a real count, the same on every page: the passages that
/// matched lexically (lexical), whose cosine reached the similarity floor (semantic), or the union of both (hybrid).
/// </summary>
/// <param name="Degraded">True when the answer lacks a signal it normally has (semantic vectors still being built); <paramref name="Notes"/> says which.</param>
/// <param name="Notes">Human-readable remarks about how the answer was made, e.g. <c>degraded: semantic vectors are still being built (vectors 812/5000)</c>.</param>
/// <param name="Facets">With <c>facets=…</c>: per field, its values counted over every match of the query and filters (not just this page).</param>
/// <param name="DidYouMean">The query with misspelled words corrected, when a word was not in the index and a close one was searched instead; null otherwise.</param>
public sealed record SearchResponse(
    string Query,
    long Total,
    double TookMs,
    IReadOnlyList<SearchHit> Results,
    SearchMode Mode = SearchMode.Lexical,
    bool Degraded = false,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Notes = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, IReadOnlyList<Facets.FacetValue>>? Facets = null,
    string? DidYouMean = null)
{
    /// <summary>
    /// Cluster mode only (absent on a single node): true when some shards did not answer (rebuilding after a node
    /// left, or their node unreachable); the hits then come from the other shards and <see cref="MissingShards"/> names them.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? Partial { get; init; }

    /// <summary>Cluster mode only: the ids of the shards this answer lacks (empty when none).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? MissingShards { get; init; }
}
