namespace SearchService.Engine.Indexing;

/// <summary>What one pass over the sources changed.</summary>
public sealed record SyncReport(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Deleted,
    int Unchanged,
    IReadOnlyDictionary<string, SkippedSource> Skipped,
    TimeSpan Elapsed,
    DateTimeOffset FinishedAt)
{
    /// <summary>Set when there was nothing to index: the sources folder is missing or has no source files.</summary>
    public string? SourcesProblem { get; init; }

    public bool HasChanges => Added.Count + Changed.Count + Deleted.Count > 0;
}
