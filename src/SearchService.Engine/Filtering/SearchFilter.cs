using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Filtering;

/// <summary>
/// Which passages a search may return, applied before ranking in every mode. Each list is an OR of its values; the
/// parts are combined with AND. A date bound excludes passages of undated documents.
/// </summary>
/// <param name="PublishedFrom">First publication day included (whole day, as the article states it).</param>
/// <param name="PublishedTo">Last publication day included (whole day).</param>
public sealed record SearchFilter(
    IReadOnlyList<string> DocumentIds,
    IReadOnlyList<PassageKind> Kinds,
    DateOnly? PublishedFrom = null,
    DateOnly? PublishedTo = null)
{
    public static readonly SearchFilter None = new([], []);

    public bool IsEmpty => DocumentIds.Count == 0 && Kinds.Count == 0 && PublishedFrom is null && PublishedTo is null;
}
