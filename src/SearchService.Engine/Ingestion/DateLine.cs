namespace SearchService.Engine.Ingestion;

/// <summary>A header line that states when the article was published, and sometimes by whom.</summary>
internal sealed record DateLine(DateTime Published, string? Publisher);
