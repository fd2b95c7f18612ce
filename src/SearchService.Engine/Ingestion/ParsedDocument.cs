namespace SearchService.Engine.Ingestion;

/// <summary>The result of parsing one source file: its metadata, its raw text (decoded) and its passages in reading order.</summary>
public sealed record ParsedDocument(DocumentMetadata Metadata, string RawText, IReadOnlyList<Passage> Passages);
