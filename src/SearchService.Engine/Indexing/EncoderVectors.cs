using System.Diagnostics;
using System.Threading.Channels;
using Lucene.Net.Index;
using Microsoft.Extensions.Logging;
using SearchService.Engine.Embeddings;
using SearchService.Engine.Embeddings.Encoder;

namespace SearchService.Engine.Indexing;

/// <summary>
/// Keeps the encoder vectors of an index in step with its lexical commits, in the background: a commit is
/// searchable lexically at once, and serves the encoder vectors it still can (the previous set minus the changed
/// documents); this class then encodes what is missing in batches, publishes partial sets as it goes (at most every
/// <see cref="PublishInterval"/>), and saves the complete set (<see cref="EncodedStore"/>).
/// <para>
/// A vector is reused whenever the same passage text was encoded before: from the set saved at the last run, from
/// rows a change dropped (a document edited in one paragraph keeps the others'), or from the shared
/// <see cref="EmbeddingCache"/>. Vectors are keyed by text hash, so a changed text is never served an old vector.
/// </para>
/// <para>
/// Consistency: <see cref="Publish"/> (the committing thread) and the background publication run under one lock,
/// and the background only publishes vectors read from the reader of the commit that is still current; otherwise it
/// starts over (keeping what it encoded, by hash).
/// </para>
/// </summary>
internal sealed class EncoderVectors : IDisposable
{
    private static readonly TimeSpan PublishInterval = TimeSpan.FromSeconds(5);
    private const int ChunkSize = 256;

    private readonly Task<SentenceEncoder> _loading;
    private readonly string _model;
    private readonly string? _cacheFolder;
    private readonly EncodedStore _store;
    private EmbeddingCache? _cache;
    private readonly ILogger _logger;
    private readonly int _annThreshold;
    private readonly GraphOptions _graph;
    private readonly Lock _gate = new();
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<UInt128, float[]> _donors = [];
    private EncodedSet _current;
    private long _sequence;
    private Func<IndexReader>? _acquireReader;
    private Action? _rebind;
    private Task? _loop;
    private volatile string? _lastError;
    private readonly ManualResetEventSlim _running = new(initialState: true);
    private long _passagesEncoded;
    private long _passagesReused;

    /// <param name="loading">The encoder, loading in the background: a restart serves lexical search without waiting
    /// the seconds an ONNX model takes to load; the saved vectors are taken up once it is there.</param>
    /// <param name="model">The encoder's short name, for progress reports before it has loaded.</param>
    public EncoderVectors(string indexPath, Task<SentenceEncoder> loading, string model, EncoderOptions options, ILogger logger)
    {
        _loading = loading;
        _model = model;
        _logger = logger;
        _annThreshold = options.AnnThreshold;
        _graph = options.Graph;
        _cacheFolder = options.CacheFolder;
        _store = new EncodedStore(indexPath);

        // Until the encoder is loaded no passage has a vector: searchers see "vectors 0/N" (hybrid degraded, semantic
        // 503 with Retry-After), as they do while vectors are being built.
        _current = EncodedSet.Empty(string.Empty, 1);
    }

    /// <summary>The last failure of the background encoder, if its last run failed.</summary>
    public string? LastError => _lastError;

    /// <summary>Passages run through the model since this index was opened (the rest were reused by text hash).</summary>
    public long PassagesEncoded => Interlocked.Read(ref _passagesEncoded);

    /// <summary>Passages whose vector was reused (saved set, dropped rows, shared cache) since this index was opened.</summary>
    public long PassagesReused => Interlocked.Read(ref _passagesReused);

    /// <summary>Holds the background encoder before its next run (tests of the incomplete-vector behaviour).</summary>
    internal void Pause() => _running.Reset();

    internal void Resume() => _running.Set();

    /// <summary>Starts the background loop; <paramref name="acquireReader"/> returns the current reader with a reference taken.</summary>
    public void Start(Func<IndexReader> acquireReader, Action rebind)
    {
        _acquireReader = acquireReader;
        _rebind = rebind;
        _loop = Task.Run(RunAsync);
        Signal();
    }

    /// <summary>The binding of the current vectors to <paramref name="reader"/> (called when a searcher is opened).</summary>
    public EncodedBinding Bind(IndexReader reader) => new(reader, _model, _loading, Volatile.Read(ref _current));

    /// <summary>
    /// Runs <paramref name="refresh"/> (commit publication: opening the new searchers) with the vectors of
    /// <paramref name="changedDocuments"/> withdrawn, then wakes the background encoder when <paramref name="final"/>.
    /// </summary>
    public void Publish(IReadOnlySet<string> changedDocuments, bool final, Action refresh)
    {
        lock (_gate)
        {
            if (changedDocuments.Count > 0)
            {
                _sequence++;
                var kept = _current.Without(changedDocuments);
                if (kept.Count != _current.Count)
                {
                    AddDonors(_current);
                }

                Volatile.Write(ref _current, kept);
            }

            refresh();
        }

        if (final)
        {
            Signal();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _signal.Writer.TryComplete();
        _running.Set();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation; anything else was logged by it.
        }

        _stop.Dispose();
        _running.Dispose();
    }

    private void Signal() => _signal.Writer.TryWrite(true);

    private async Task RunAsync()
    {
        try
        {
            if (!await TakeUpLoadedEncoderAsync())
            {
                return;
            }

            while (await _signal.Reader.WaitToReadAsync(_stop.Token))
            {
                _signal.Reader.TryRead(out _);
                _running.Wait(_stop.Token);
                try
                {
                    if (!EncodeMissing(_stop.Token))
                    {
                        Signal();
                    }

                    _lastError = null;
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    _lastError = ex.Message;
                    _logger.LogError(ex, "Encoding passage vectors failed; semantic retrieval serves the vectors it has");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>
    /// Waits for the encoder, then offers the vectors saved at the last run (by text hash: the sources may have
    /// changed while the service was down) and opens the shared cache. False when the encoder failed to load.
    /// </summary>
    private async Task<bool> TakeUpLoadedEncoderAsync()
    {
        SentenceEncoder encoder;
        try
        {
            encoder = await _loading.WaitAsync(_stop.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _lastError = $"The sentence encoder did not load: {ex.Message}";
            _logger.LogError(ex, "The sentence encoder did not load; lexical search serves, semantic does not");
            return false;
        }

        _cache = EmbeddingCache.For(_cacheFolder, encoder);
        var saved = _store.TryLoad(encoder.Fingerprint, out var problem);
        lock (_gate)
        {
            Volatile.Write(ref _current, EncodedSet.Empty(encoder.Fingerprint, encoder.Dimensions));
            if (saved is not null)
            {
                AddDonors(saved);
            }
        }

        if (saved is null && problem is not null)
        {
            _logger.LogWarning("Encoder vectors at {Path} not reused ({Problem}); passages will be encoded again", _store.FilePath, problem);
        }

        return true;
    }

    /// <summary>One run: encodes what the current reader lacks; false when a commit overtook it (run again).</summary>
    private bool EncodeMissing(CancellationToken cancellationToken)
    {
        long sequence;
        EncodedSet current;
        IndexReader reader;
        lock (_gate)
        {
            sequence = _sequence;
            current = _current;
            reader = _acquireReader!();
        }

        List<PendingPassage> missing;
        try
        {
            var keys = PassageRecords.Keys(reader);
            var missingIds = keys.Where(k => !current.TryGetRow(k.PassageId, out _)).Select(k => k.PassageId).ToHashSet(StringComparer.Ordinal);
            var missingDocuments = keys.Where(k => missingIds.Contains(k.PassageId)).Select(k => k.DocumentId).ToHashSet(StringComparer.Ordinal);
            missing = missingIds.Count == 0
                ? []
                : PassageRecords.Load(reader, missingDocuments.Contains)
                    .Where(p => missingIds.Contains(p.PassageId))
                    .Select(p => PendingPassage.Of(p))
                    .ToList();
        }
        finally
        {
            reader.DecRef();
        }

        if (missing.Count == 0)
        {
            return TryPublish(sequence, [], complete: true);
        }

        var clock = Stopwatch.StartNew();
        var reused = Reuse(missing);
        var rows = missing.Where(p => reused.ContainsKey(p.Hash)).Select(p => (p.PassageId, p.Hash, reused[p.Hash])).ToList();
        var toEncode = missing.Where(p => !reused.ContainsKey(p.Hash)).ToList();
        Interlocked.Add(ref _passagesReused, rows.Count);
        var lastPublish = Stopwatch.StartNew();
        for (var start = 0; start < toEncode.Count; start += ChunkSize)
        {
            var chunk = toEncode.GetRange(start, Math.Min(ChunkSize, toEncode.Count - start));
            // Loaded: the loop starts only once TakeUpLoadedEncoderAsync has the encoder.
            var vectors = _loading.Result.EmbedPassages(chunk.Select(p => p.Text).ToList(), cancellationToken: cancellationToken);
            var encoded = chunk.Select((p, i) => (p.PassageId, p.Hash, vectors.Row(i).ToArray())).ToList();
            rows.AddRange(encoded);
            Interlocked.Add(ref _passagesEncoded, encoded.Count);
            lock (_gate)
            {
                foreach (var (_, hash, vector) in encoded)
                {
                    _donors[hash] = vector;
                }
            }

            _cache?.Add(encoded.Select(e => (e.Hash, e.Item3)).ToList());
            if (lastPublish.Elapsed >= PublishInterval && start + ChunkSize < toEncode.Count)
            {
                if (!TryPublish(sequence, rows, complete: false))
                {
                    return false;
                }

                rows.Clear();
                lastPublish.Restart();
            }
        }

        if (!TryPublish(sequence, rows, complete: true))
        {
            return false;
        }

        _logger.LogInformation(
            "Encoder vectors ({Model}): {Encoded} passages encoded, {Reused} reused, in {Elapsed} ms",
            _model, toEncode.Count, missing.Count - toEncode.Count, (int)clock.ElapsedMilliseconds);
        return true;
    }

    private Dictionary<UInt128, float[]> Reuse(IReadOnlyList<PendingPassage> missing)
    {
        var reused = new Dictionary<UInt128, float[]>();
        _cache?.Refresh();
        lock (_gate)
        {
            foreach (var passage in missing)
            {
                if (_donors.TryGetValue(passage.Hash, out var vector) || (_cache is not null && _cache.TryGet(passage.Hash, out vector)))
                {
                    reused[passage.Hash] = vector;
                }
            }
        }

        return reused;
    }

    private bool TryPublish(long sequence, IReadOnlyList<(string PassageId, UInt128 Hash, float[] Vector)> rows, bool complete)
    {
        EncodedSet basis;
        lock (_gate)
        {
            if (_sequence != sequence)
            {
                return false;
            }

            basis = _current;
        }

        // Outside the lock: a large set's nearest-neighbour index takes a while to build, and commits must not wait.
        // Only this thread replaces the current set (a commit bumps the sequence instead), so basis stays current.
        var published = basis.With(rows);
        if (complete)
        {
            AttachNearest(published);
        }

        lock (_gate)
        {
            if (_sequence != sequence || !ReferenceEquals(_current, basis))
            {
                return false;
            }

            Volatile.Write(ref _current, published);
            _rebind!();
            if (complete)
            {
                _donors.Clear();
            }
        }

        if (complete && rows.Count > 0)
        {
            _store.Save(published);
        }

        return true;
    }

    /// <summary>
    /// Gives a complete set of at least <see cref="EncoderOptions.AnnThreshold"/> rows its nearest-neighbour index:
    /// the one saved for exactly these rows (<c>vectors/encoder-&lt;content&gt;.usearch</c>, so an unchanged restart
    /// loads it), or a new one, saved for the next start. Partial sets keep the exact scan.
    /// </summary>
    private void AttachNearest(EncodedSet set)
    {
        if (set.Nearest is not null || set.Count < _annThreshold || set.Count == 0)
        {
            return;
        }

        var folder = Path.GetDirectoryName(_store.FilePath)!;
        var path = Path.Combine(folder, $"encoder-{set.ContentHash()}.usearch");
        var nearest = NearestNeighbours.TryLoad(path, set.Vectors, _graph);
        if (nearest is not null && nearest.Built != _graph.Build)
        {
            // Saved with other graph settings: this set has no graph yet (it is being attached), so build it now.
            nearest.Dispose();
            nearest = null;
        }

        if (nearest is null)
        {
            var clock = Stopwatch.StartNew();
            nearest = NearestNeighbours.Build(set.Vectors, _graph);
            _logger.LogInformation("Nearest-neighbour index over {Rows} encoder vectors built in {Elapsed} ms", set.Count, (int)clock.ElapsedMilliseconds);
            try
            {
                Directory.CreateDirectory(folder);
                nearest.Save(path);
                foreach (var stale in Directory.EnumerateFiles(folder, "encoder-*.usearch*").Where(f => !f.StartsWith(path, StringComparison.Ordinal)))
                {
                    File.Delete(stale);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Cloud.Unum.USearch.USearchException)
            {
                _logger.LogWarning(ex, "The encoder's nearest-neighbour index could not be saved; the next start builds it again");
            }
        }

        set.Nearest = nearest;
    }

    private void AddDonors(EncodedSet set)
    {
        for (var row = 0; row < set.Count; row++)
        {
            _donors[set.TextHashes[row]] = set.Vectors.Row(row).ToArray();
        }
    }

    private sealed record PendingPassage(string PassageId, string Text, UInt128 Hash)
    {
        public static PendingPassage Of(StoredPassage passage)
        {
            var text = EncoderText.OfPassage(passage.Title, passage.Section, passage.Text);
            return new PendingPassage(passage.PassageId, text, EncodedSet.HashOf(text));
        }
    }
}
