using System.Diagnostics.Metrics;
using Lucene.Net.Index;
using Lucene.Net.Search;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Telemetry;

/// <summary>
/// The service's metrics, on the <see cref="MeterName"/> meter: query latency and rejections (recorded by the HTTP and
/// gRPC layer), indexing pass durations and index lag (recorded by the worker), and gauges of what the index holds
/// (read from the serving index when a collector asks, so they never go stale and cost nothing in between).
/// </summary>
public sealed class SearchMetrics : IPassMetrics
{
    public const string MeterName = "SearchService";

    // Seconds. Queries take milliseconds; a pass from milliseconds (one file) to minutes (a first build).
    private static readonly double[] QueryBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] PassBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    /// <summary>Documents of one pass whose lag is recorded: a bulk change needs no more to show its distribution.</summary>
    private const int MaxLagSamples = 1000;

    private static readonly ISet<string> ModifiedField = new HashSet<string> { IndexFields.ModifiedTicks };

    private readonly IndexHandle _handle;
    private readonly Histogram<double> _queryDuration;
    private readonly Counter<long> _rejections;
    private readonly Histogram<double> _passDuration;
    private readonly Histogram<double> _indexLag;
    private DateTimeOffset? _previousPassStart; // only the indexing worker records passes, one at a time

    public SearchMetrics(IMeterFactory meterFactory, IndexHandle handle, IndexStatus status)
    {
        _handle = handle;
        var meter = meterFactory.Create(MeterName);
        _queryDuration = meter.CreateHistogram(
            "search.query.duration", "s", "Time to answer a search or question, by operation (search, ask), transport (http, grpc) and mode.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = QueryBuckets });
        _rejections = meter.CreateCounter<long>(
            "search.requests.rejected", "{request}", "Requests turned away, by reason (invalid_request, rate_limited, body_too_large, unauthorized, unavailable, ...).");
        _passDuration = meter.CreateHistogram(
            "search.index.pass.duration", "s", "Duration of an indexing pass over the sources, by whether it changed the index.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = PassBuckets });
        _indexLag = meter.CreateHistogram(
            "search.index.lag", "s", "From a source file's change to the commit that made it searchable, per added, changed or deleted document.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = PassBuckets });
        meter.CreateObservableGauge("search.index.documents", () => Count(IndexFields.DocumentType), "{document}", "Source documents in the serving index.");
        meter.CreateObservableGauge("search.index.passages", () => Count(IndexFields.PassageType), "{passage}", "Passages in the serving index.");
        meter.CreateObservableGauge("search.index.vectors", CountVectors, "{vector}", "Passage vectors serving semantic search (0 while they are being built).");
        meter.CreateObservableGauge("search.index.skipped_sources", () => status.Skipped.Count, "{file}", "Source files the last pass could not index.");
        meter.CreateObservableGauge("search.index.ready", () => status.IsReady ? 1 : 0, "{state}", "1 once the index serves, else 0.");
    }

    public void RecordQuery(string operation, string transport, string mode, string outcome, TimeSpan elapsed) =>
        _queryDuration.Record(
            elapsed.TotalSeconds,
            new("search.operation", operation), new("search.transport", transport), new("search.mode", mode), new("search.outcome", outcome));

    public void RecordRejection(string operation, string transport, string reason) =>
        _rejections.Add(1, new("search.operation", operation), new("search.transport", transport), new("reason", reason));

    /// <summary>
    /// One finished pass: its duration, and for each document it added or changed, how long the change waited to be
    /// searchable (bounded to <see cref="MaxLagSamples"/> documents a pass).
    /// </summary>
    public void RecordPass(SyncReport report)
    {
        var started = report.FinishedAt - report.Elapsed;
        _passDuration.Record(report.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("search.index.changed", report.HasChanges));
        if (report.HasChanges)
        {
            if (_previousPassStart is { } floor)
            {
                foreach (var changedAt in ChangeTimes(report, floor))
                {
                    _indexLag.Record(Math.Max(0, (report.FinishedAt - changedAt).TotalSeconds));
                }
            }
            else
            {
                // The first pass after start: the files changed while the service was not running; it owes them its own duration.
                _indexLag.Record(report.Elapsed.TotalSeconds);
            }
        }

        _previousPassStart = started;
    }

    /// <summary>
    /// When each added or changed source changed: its modification time, but no earlier than the previous pass's start
    /// (which would have seen an older change; a copy or checkout can keep an old modification time). A deletion has
    /// no time of its own, so it counts from that floor.
    /// </summary>
    private List<DateTimeOffset> ChangeTimes(SyncReport report, DateTimeOffset floor)
    {
        var changed = report.Added.Concat(report.Changed).Take(MaxLagSamples).ToList();
        var times = report.Deleted.Take(MaxLagSamples - changed.Count).Select(_ => floor).ToList();
        if (changed.Count == 0 || !_handle.IsOpen)
        {
            return times;
        }

        try
        {
            _handle.Current.Read(searcher =>
            {
                foreach (var documentId in changed)
                {
                    var query = new BooleanQuery
                    {
                        { new TermQuery(new Term(IndexFields.DocumentId, documentId)), Occur.MUST },
                        { new TermQuery(new Term(IndexFields.Type, IndexFields.DocumentType)), Occur.MUST },
                    };
                    var hit = searcher.Search(query, 1).ScoreDocs.FirstOrDefault();
                    var ticks = hit is null ? null : searcher.Doc(hit.Doc, ModifiedField).GetField(IndexFields.ModifiedTicks)?.GetInt64Value();
                    var modified = ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : floor;
                    times.Add(modified > floor ? modified : floor);
                }

                return times.Count;
            });
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The index is being replaced: this pass's lag goes unrecorded rather than failing the worker.
        }

        return times;
    }

    private IEnumerable<Measurement<long>> Count(string recordType) =>
        ReadIndex(searcher => (long)searcher.Search(new TermQuery(new Term(IndexFields.Type, recordType)), 1).TotalHits);

    private IEnumerable<Measurement<long>> CountVectors() =>
        ReadIndex(searcher => (long)(searcher.Vectors?.Vectors.PassageIds.Count ?? 0));

    private IEnumerable<Measurement<long>> ReadIndex(Func<ServingSearcher, long> read)
    {
        if (!_handle.IsOpen)
        {
            return [];
        }

        try
        {
            return [new Measurement<long>(_handle.Current.Read(read))];
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException or InvalidOperationException)
        {
            // Closing or being replaced: no value this time rather than a failed scrape.
            return [];
        }
    }
}
