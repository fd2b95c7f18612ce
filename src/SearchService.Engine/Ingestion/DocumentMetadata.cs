namespace SearchService.Engine.Ingestion;

/// <summary>What an article says about itself. Every field but the id, title and path is optional: the seeds are inconsistent.</summary>
public sealed record DocumentMetadata(
    string DocumentId,
    string Title,
    DateTime? Published,
    string? Publisher,
    string? Url,
    string? Byline,
    string SourcePath);
