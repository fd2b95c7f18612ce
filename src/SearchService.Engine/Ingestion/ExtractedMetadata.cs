namespace SearchService.Engine.Ingestion;

/// <summary>
/// What the metadata lines of an article said, plus which lines they were so the parser does not also emit them as
/// passages. <see cref="Headline"/> is null when the article has no headline line; the parser then derives a title.
/// </summary>
internal sealed record ExtractedMetadata(
    string? Headline,
    DateTime? Published,
    string? Publisher,
    string? Url,
    string? Byline,
    IReadOnlySet<int> ConsumedLineNumbers);
