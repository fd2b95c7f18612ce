using System.Collections.Concurrent;
using System.Diagnostics;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Telemetry;
using SearchService.UnitTests.Indexing;

namespace SearchService.UnitTests.Telemetry;

/// <summary>A search, traced: one span per query and one per stage, children of it, in the order they ran.</summary>
public sealed class SearchTracingTests
{
    // A parent span of the test's own, so spans of searches run by tests in parallel are told apart by trace id.
    private static readonly ActivitySource TestSource = new("SearchService.UnitTests.Tracing");

    [Fact]
    public void A_hybrid_search_produces_parse_lexical_vectors_fusion_and_highlight_spans_under_one_search_span()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = Listen(spans);

        string traceId;
        using (var test = TestSource.StartActivity("test")!)
        {
            traceId = test.TraceId.ToString();
            Assert.NotEmpty(fixture.Search("doi moi", mode: SearchMode.Hybrid).Results);
        }

        var mine = spans.Where(s => s.TraceId.ToString() == traceId && s.Source.Name == SearchTelemetry.ActivitySourceName).ToList();
        var search = Assert.Single(mine, s => s.OperationName == "search");
        Assert.Equal("hybrid", search.GetTagItem("search.mode"));
        var stages = mine.Where(s => s.ParentSpanId == search.SpanId).OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName).ToList();
        Assert.Equal(["parse", "lexical", "vectors", "fusion", "highlight"], stages);
        Assert.All(mine, s => Assert.True(s.Duration >= TimeSpan.Zero && s.IsStopped, $"{s.OperationName} was not stopped"));
    }

    [Fact]
    public void A_lexical_search_has_no_vectors_span()
    {
        using var fixture = new IndexFixture();
        fixture.Sync();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = Listen(spans);

        string traceId;
        using (var test = TestSource.StartActivity("test")!)
        {
            traceId = test.TraceId.ToString();
            fixture.Search("bamboo diplomacy", mode: SearchMode.Lexical);
        }

        var names = spans.Where(s => s.TraceId.ToString() == traceId && s.Source.Name == SearchTelemetry.ActivitySourceName).Select(s => s.OperationName).ToList();
        Assert.Contains("lexical", names);
        Assert.DoesNotContain("vectors", names);
    }

    private static ActivityListener Listen(ConcurrentQueue<Activity> spans)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SearchTelemetry.ActivitySourceName or "SearchService.UnitTests.Tracing",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
