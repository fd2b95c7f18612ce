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
    public bool HasChanges => Added.Count + Changed.Count + Deleted.Count > 0;
}
