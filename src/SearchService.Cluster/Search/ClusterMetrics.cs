using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SearchService.Cluster.Search;

/// <summary>
/// How long each phase of a cluster query takes (meter <see cref="MeterName"/>, histogram
/// <c>searchservice.cluster.phase.duration</c> in ms, tag <c>phase</c> = embed | statistics | rank | fetch): what the
/// statistics round trip costs is the price of BM25 scores equal to one node's (docs/scale.md).
/// </summary>
public sealed class ClusterMetrics
{
    public const string MeterName = "SearchService.Cluster";

    private readonly Histogram<double> _phase;

    public ClusterMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _phase = meter.CreateHistogram<double>("searchservice.cluster.phase.duration", "ms", "Duration of one phase of a cluster query (embed, statistics, rank, fetch).");
    }

    public void Record(string phase, long startedTimestamp) =>
        _phase.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds, new KeyValuePair<string, object?>("phase", phase));
}
