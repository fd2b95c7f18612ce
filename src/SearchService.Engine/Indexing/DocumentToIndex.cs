using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Indexing;

/// <summary>A parsed document on its way into the index, with its source's fingerprint and what was wrong with the source but did not stop it being indexed.</summary>
public sealed record DocumentToIndex(ParsedDocument Parsed, SourceFingerprint Fingerprint, string? Warning = null);
