using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// A search request as a caller sends it, before validation: the query string of <c>GET /search</c> (bound with
/// <c>[AsParameters]</c>), the JSON body of <c>POST /search</c>, a gRPC <c>SearchRequest</c> or the CLI's options.
/// <see cref="SearchRequestValidator"/> turns it into a <see cref="SearchRequest"/> with one set of rules and messages.
/// </summary>
public sealed record SearchInput
{
    /// <summary>Every parameter name, as requests spell it; anything else is refused.</summary>
    public static readonly IReadOnlyList<string> ParameterNames =
        ["q", "k", "offset", "mode", "syntax", "explain", "documentId", "kind", "publishedFrom", "publishedTo", "facets", "sort"];

    [Description("Query text, 1-1000 characters.")]
    [StringLength(1000, MinimumLength = 1)]
    public string? Q { get; init; }

    [Description("Page size, 1-100.")]
    [Range(1, 100)]
    [DefaultValue(10)]
    public int? K { get; init; }

    [Description("Results to skip (0 or more); offset + k <= 10000.")]
    [Range(0, 9999)]
    [DefaultValue(0)]
    public int? Offset { get; init; }

    [Description("hybrid (BM25 and vectors fused), lexical (BM25), semantic (vectors) or learned (re-ranked by the configured model).")]
    [DefaultValue("hybrid")]
    [AllowedValues("hybrid", "lexical", "semantic", "learned")]
    public string? Mode { get; init; }

    [Description("plain (never fails to parse) or lucene (phrases, AND/OR/NOT, field:term).")]
    [DefaultValue("plain")]
    [AllowedValues("plain", "lucene")]
    public string? Syntax { get; init; }

    [Description("true adds each hit's lexical, semantic and fused scores and ranks.")]
    [DefaultValue(false)]
    public bool? Explain { get; init; }

    [Description("Only passages of these documents (repeatable: documentId=a&documentId=b).")]
    public string[]? DocumentId { get; init; }

    [Description("Only passages of these kinds: paragraph, caption, question (repeatable or comma-separated).")]
    public string[]? Kind { get; init; }

    [Description("Only passages of documents published on or after this day (yyyy-MM-dd); undated documents are excluded.")]
    [RegularExpression(@"^\d{4}-\d{2}-\d{2}$")]
    public string? PublishedFrom { get; init; }

    [Description("Only passages of documents published on or before this day (yyyy-MM-dd); undated documents are excluded.")]
    [RegularExpression(@"^\d{4}-\d{2}-\d{2}$")]
    public string? PublishedTo { get; init; }

    [Description("Fields to count over all matches: documentId, kind, year (comma-separated or repeatable).")]
    public string[]? Facets { get; init; }

    [Description("relevance (default), date (oldest first) or -date (newest first); date ties keep relevance order.")]
    [DefaultValue("relevance")]
    [AllowedValues("relevance", "date", "-date")]
    public string? Sort { get; init; }
}
