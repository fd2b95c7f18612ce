namespace SearchService.Engine.Indexing;

/// <summary>
/// What the worker knows about the index, for health and stats. The worker never throws out of its loop
/// (an unhandled exception stops the host), so failures land here instead. Everything recorded here is public
/// (anonymous /health/ready, /stats), so messages are stripped of absolute paths on the way in.
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
    private string? _stall;

    public bool IsReady => _ready;

    public string? LastError { get { lock (_gate) { return _lastError; } } }

    public DateTimeOffset? LastIndexedAt { get { lock (_gate) { return _lastIndexedAt; } } }

    /// <summary>What happened when the index found at start was corrupt (moved aside and rebuilt), if it was.</summary>
    public string? Recovery { get { lock (_gate) { return _recovery; } } }

    /// <summary>Set while an indexing pass has made no progress for longer than the stall timeout (see the watchdog).</summary>
    public string? Stall { get { lock (_gate) { return _stall; } } }

    /// <summary>Why there was nothing to index at the last pass: the sources folder is missing or empty.</summary>
    public string? SourcesProblem { get { lock (_gate) { return _lastSync?.SourcesProblem; } } }

    /// <summary>What degrades the service, if anything: a failure, a stalled pass, or sources that are not there.</summary>
    public string? Problem { get { lock (_gate) { return _lastError ?? _stall ?? _lastSync?.SourcesProblem; } } }

    /// <summary>Source files that could not be indexed, by document id, with the reason.</summary>
    public IReadOnlyDictionary<string, SkippedSource> Skipped { get { lock (_gate) { return _skipped; } } }

    public void MarkReady() => _ready = true;

    private readonly TaskCompletionSource _readyReported = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes the first time a health check reports the index ready (<see cref="ReportReady"/>): work that can
    /// wait (a restart's catch-up pass, model loads) waits for it, briefly, so the first probe after a restart is
    /// answered without competing with it.
    /// </summary>
    public Task ReadyReported => _readyReported.Task;

    /// <summary>Called by whoever reports readiness outward, each time it reports the index ready.</summary>
    public void ReportReady() => _readyReported.TrySetResult();

    /// <summary><see cref="ReadyReported"/>, or <paramref name="atMost"/> passing, whichever comes first.</summary>
    public Task ReadyReportedOr(TimeSpan atMost, CancellationToken cancellationToken) =>
        _readyReported.Task.IsCompleted ? Task.CompletedTask : Task.WhenAny(_readyReported.Task, Task.Delay(atMost, cancellationToken));

    public void RecordSync(SyncReport report)
    {
        lock (_gate)
        {
            _lastSync = report with { SourcesProblem = report.SourcesProblem is null ? null : PublicText.WithoutPaths(report.SourcesProblem) };
            _skipped = report.Skipped.ToDictionary(s => s.Key, s => s.Value with { Reason = PublicText.WithoutPaths(s.Value.Reason) });
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
            _recovery = PublicText.WithoutPaths(message);
        }
    }

    public void RecordFailure(string message)
    {
        lock (_gate)
        {
            _lastError = PublicText.WithoutPaths(message);
        }
    }

    public void RecordStall(string message)
    {
        lock (_gate)
        {
            _stall = PublicText.WithoutPaths(message);
        }
    }

    public void ClearStall()
    {
        lock (_gate)
        {
            _stall = null;
        }
    }
}
