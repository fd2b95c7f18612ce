using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SearchService.Engine.Indexing;
using SearchService.Engine.Telemetry;
using SearchService.UnitTests.Indexing;

namespace SearchService.UnitTests.Telemetry;

/// <summary>Index lag: from a source file's change to the pass that made it searchable, on a real on-disk index.</summary>
public sealed class IndexLagMetricsTests : IDisposable
{
    private readonly IndexFixture _fixture = new();
    private readonly TestMeterFactory _meters = new();
    private readonly ConcurrentQueue<(string Instrument, double Value)> _measurements = new();
    private readonly MeterListener _listener = new();

    public IndexLagMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_meters.Created.Contains(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => _measurements.Enqueue((instrument.Name, value)));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meters.Dispose();
        _fixture.Dispose();
    }

    private double[] Lags => _measurements.Where(m => m.Instrument == "search.index.lag").Select(m => m.Value).ToArray();

    [Fact]
    public void A_file_changed_after_the_previous_pass_lags_from_its_modification_time()
    {
        var metrics = new SearchMetrics(_meters, _fixture.Handle, new IndexStatus());
        var first = _fixture.Sync();
        metrics.RecordPass(first);
        var path = Path.Combine(_fixture.SeedsPath, "500_lag.txt");
        File.WriteAllText(path, "Lag article\n\nThe okapi delegation arrived.\n");
        var modified = first.FinishedAt.UtcDateTime.AddMilliseconds(1);
        File.SetLastWriteTimeUtc(path, modified);

        var second = _fixture.Sync();
        metrics.RecordPass(second);

        Assert.Equal(["500_lag"], second.Added);
        var lag = Lags[^1];
        Assert.Equal((second.FinishedAt - new DateTimeOffset(File.GetLastWriteTimeUtc(path))).TotalSeconds, lag, precision: 3);
        Assert.Equal(2, _measurements.Count(m => m.Instrument == "search.index.pass.duration"));
    }

    [Fact]
    public void A_file_copied_with_an_old_modification_time_lags_from_the_previous_pass_start_not_from_years_ago()
    {
        var metrics = new SearchMetrics(_meters, _fixture.Handle, new IndexStatus());
        var first = _fixture.Sync();
        metrics.RecordPass(first);
        var path = Path.Combine(_fixture.SeedsPath, "501_old.txt");
        File.WriteAllText(path, "Old article\n\nThe tapir treaty was archived.\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var second = _fixture.Sync();
        metrics.RecordPass(second);

        var previousStart = first.FinishedAt - first.Elapsed;
        Assert.Equal((second.FinishedAt - previousStart).TotalSeconds, Lags[^1], precision: 3);
    }

    [Fact]
    public void The_first_pass_after_start_owes_its_changes_only_its_own_duration()
    {
        var metrics = new SearchMetrics(_meters, _fixture.Handle, new IndexStatus());

        var first = _fixture.Sync();
        metrics.RecordPass(first);

        Assert.Equal(first.Elapsed.TotalSeconds, Assert.Single(Lags), precision: 6);
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        public ConcurrentBag<Meter> Created { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Created)
            {
                meter.Dispose();
            }
        }
    }
}
