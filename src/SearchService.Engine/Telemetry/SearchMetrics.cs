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
public sealed class SearchMetrics
{
    public const string MeterName = "SearchService";

    // Seconds. Queries take milliseconds; a pass from milliseconds (one file) to minutes (a first build).
    private static readonly double[] QueryBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] PassBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly IndexHandle _handle;
    private readonly Histogram<double> _queryDuration;
    private readonly Counter<long> _rejections;
    private readonly Histogram<double> _passDuration;
    private readonly Histogram<double> _indexLag;

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
            "search.index.lag", "s", "From the start of a pass that found changed sources to their commit (searchable).",
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

    /// <summary>One finished pass: its duration, and for a pass that changed something, how long the changes waited.</summary>
    public void RecordPass(SyncReport report)
    {
        _passDuration.Record(report.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("search.index.changed", report.HasChanges));
        if (report.HasChanges)
        {
            _indexLag.Record(report.Elapsed.TotalSeconds);
        }
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
