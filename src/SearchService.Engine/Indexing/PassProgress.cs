namespace SearchService.Engine.Indexing;

/// <summary>What an indexing pass is doing.</summary>
public enum PassStage
{
    Starting,
    Reading,
    Indexing,
    Deleting,
    Committing,
    Finished,
}

/// <summary>
/// The heartbeat of one indexing pass: the pass reports each step, the watchdog reads how long it has been silent.
/// A pass stuck in a system call (a hung network mount, a file that never answers) stops beating; one that is merely
/// long (thousands of files) keeps beating.
/// </summary>
public sealed class PassProgress
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private long _lastBeat;
    private PassStage _stage = PassStage.Starting;
    private string? _item;

    public PassProgress(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _lastBeat = _clock.GetTimestamp();
    }

    /// <summary>The pass enters <paramref name="stage"/>, on <paramref name="item"/> (a file name) if it is about one.</summary>
    public void Enter(PassStage stage, string? item = null)
    {
        lock (_gate)
        {
            _stage = stage;
            _item = item;
            _lastBeat = _clock.GetTimestamp();
        }
    }

    public (PassStage Stage, string? Item) Current
    {
        get
        {
            lock (_gate)
            {
                return (_stage, _item);
            }
        }
    }

    public TimeSpan SilentFor
    {
        get
        {
            lock (_gate)
            {
                return _clock.GetElapsedTime(_lastBeat);
            }
        }
    }

    public override string ToString()
    {
        var (stage, item) = Current;
        return item is null ? stage.ToString().ToLowerInvariant() : $"{stage.ToString().ToLowerInvariant()} '{item}'";
    }
}

/// <summary>
/// Source files a stalled pass was stuck reading. Later passes skip them (with this reason in /documents) rather than
/// get stuck on them again; they are retried after a restart.
/// </summary>
public sealed class SourceQuarantine
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Add(string fileName, string reason)
    {
        lock (_gate)
        {
            _files[fileName] = reason;
        }
    }

    public string? ReasonFor(string fileName)
    {
        lock (_gate)
        {
            return _files.GetValueOrDefault(fileName);
        }
    }
}
