using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace SearchService.Push;

/// <summary>The JSON body of <c>PUT /documents/{id}</c>. Title and text are required; the rest is optional metadata.</summary>
public sealed record PushBody
{
    /// <summary>Every field, as requests spell it; anything else is refused by name.</summary>
    public static readonly IReadOnlyList<string> FieldNames = ["title", "text", "published", "url", "publisher"];

    [Required]
    [Description("The document's title, shown in results and citations (1-1000 characters).")]
    public string? Title { get; init; }

    [Required]
    [Description("The document's text, one paragraph per line; citations' charStart/charEnd are offsets into exactly this string.")]
    public string? Text { get; init; }

    [Description("Publication date (ISO 8601, e.g. 2024-05-01 or 2024-05-01T08:30:00); used by date filters and sort.")]
    public DateTime? Published { get; init; }

    [Description("Where the document can be read (absolute http or https URL).")]
    public string? Url { get; init; }

    [Description("Who published it.")]
    public string? Publisher { get; init; }
}

/// <summary>A pushed document as indexed: what <c>GET /documents/{id}</c> would list for it.</summary>
public sealed record PushedDocumentResult(string DocumentId, bool Replaced, int PassageCount, Engine.Retrieval.DocumentSummary Document);

/// <summary>A push accepted without waiting: searchable after the next indexing pass commits.</summary>
public sealed record PushAccepted(string DocumentId, bool Replaced, string Status);
