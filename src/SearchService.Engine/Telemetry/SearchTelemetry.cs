using System.Diagnostics;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Telemetry;

/// <summary>
/// Traces of the engine: one <c>search</c> span per query with a child span per stage (<c>parse</c>, <c>lexical</c>,
/// <c>vectors</c>, <c>fusion</c>, <c>highlight</c>). Without a listener (no tracing configured) every call returns
/// null and costs next to nothing.
/// </summary>
public static class SearchTelemetry
{
    public const string ActivitySourceName = "SearchService.Search";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    // The query the caller (the HTTP/gRPC layer) is measuring: the engine fills in the mode it was asked for, which
    // the caller cannot see without parsing the request itself. A mutable holder, so the write flows back up.
    private static readonly AsyncLocal<QueryObservation?> CurrentQuery = new();

    /// <summary>The span of one stage of the current query; dispose it when the stage ends.</summary>
    public static Activity? Start(string stage) => Source.StartActivity(stage, ActivityKind.Internal);

    /// <summary>The span of a whole query, tagged with what was asked; also tells the observing caller the mode.</summary>
    public static Activity? StartSearch(SearchRequest request)
    {
        if (CurrentQuery.Value is { } observation)
        {
            observation.Mode ??= request.Mode;
        }

        var activity = Source.StartActivity("search", ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag("search.mode", ModeName(request.Mode));
            activity.SetTag("search.syntax", request.Syntax == QuerySyntax.Lucene ? "lucene" : "plain");
            activity.SetTag("search.k", request.K);
            activity.SetTag("search.offset", request.Offset);
        }

        return activity;
    }

    /// <summary>Starts observing the queries run by the current asynchronous flow (one request).</summary>
    public static QueryObservation Observe()
    {
        var observation = new QueryObservation();
        CurrentQuery.Value = observation;
        return observation;
    }

    public static string ModeName(SearchMode mode) => mode switch
    {
        SearchMode.Lexical => "lexical",
        SearchMode.Semantic => "semantic",
        SearchMode.Hybrid => "hybrid",
        SearchMode.Learned => "learned",
        _ => "unknown",
    };
}

/// <summary>What the engine saw of one request's query: the mode asked for, null when no query reached the engine.</summary>
public sealed class QueryObservation
{
    public SearchMode? Mode { get; set; }
}
