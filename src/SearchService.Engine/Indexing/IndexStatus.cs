namespace SearchService.Engine.Indexing;

/// <summary>
/// What the worker knows about the index, for health and stats. The worker never throws out of its loop
/// (an unhandled exception stops the host), so failures land here instead.
/// </summary>
public sealed class IndexStatus
{
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<string, SkippedSource> _skipped = new Dictionary<string, SkippedSource>();
    private volatile bool _ready;
    private string? _lastError;
    private DateTimeOffset? _lastIndexedAt;
    private SyncReport? _lastSync;
    private string? _recovery;

    public bool IsReady => _ready;

    public string? LastError { get { lock (_gate) { return _lastError; } } }

    public DateTimeOffset? LastIndexedAt { get { lock (_gate) { return _lastIndexedAt; } } }

    public SyncReport? LastSync { get { lock (_gate) { return _lastSync; } } }

    /// <summary>What happened when the index found at start was corrupt (moved aside and rebuilt), if it was.</summary>
    public string? Recovery { get { lock (_gate) { return _recovery; } } }

    /// <summary>Source files that could not be indexed, by document id, with the reason.</summary>
    public IReadOnlyDictionary<string, SkippedSource> Skipped { get { lock (_gate) { return _skipped; } } }

    public void MarkReady() => _ready = true;

    public void RecordSync(SyncReport report)
    {
        lock (_gate)
        {
            _lastSync = report;
            _skipped = report.Skipped;
            _lastError = null;
            if (report.HasChanges || _lastIndexedAt is null)
            {
                _lastIndexedAt = report.FinishedAt;
            }
        }
    }

    public void RecordRecovery(string message)
    {
        lock (_gate)
        {
            _recovery = message;
        }
    }

    public void RecordFailure(string message)
    {
        lock (_gate)
        {
            _lastError = message;
        }
    }
}
