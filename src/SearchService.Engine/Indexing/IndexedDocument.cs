using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Indexing;

/// <summary>A source document as the index knows it (its manifest entry), without the raw text.</summary>
public sealed record IndexedDocument(
    DocumentMetadata Metadata,
    SourceFingerprint Fingerprint,
    int PassageCount,
    DateTimeOffset IndexedAt,
    string? Warning = null);
