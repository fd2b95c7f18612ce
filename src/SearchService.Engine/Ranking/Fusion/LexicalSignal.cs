using Lucene.Net.Search;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Telemetry;

namespace SearchService.Engine.Ranking.Fusion;

/// <summary>
/// BM25: the lexical query's top hits and Lucene's count of every passage it matched, collected within the request's
/// <see cref="QueryDeadline"/> (time budget and cancellation).
/// </summary>
/// <param name="matched">When given, every passage the query matches is recorded there (hybrid's union count).</param>
internal sealed class LexicalSignal(IndexSearcher searcher, Query query, QueryDeadline deadline, MatchedDocs? matched = null) : ISignalQuery
{
    private List<ScoredDoc>? _hits;
    private Dictionary<int, double>? _scores;

    public SignalKind Kind => SignalKind.Lexical;

    public SignalCandidates Retrieve(int depth)
    {
        using var span = SearchTelemetry.Start("lexical");
        var top = BudgetedCollector.Search(searcher, query, depth, deadline, matched);
        var hits = new List<ScoredDoc>(top.ScoreDocs.Length);
        foreach (var scored in top.ScoreDocs)
        {
            hits.Add(new ScoredDoc(scored.Doc, scored.Score));
        }

        _hits = hits;
        _scores = null;
        return new SignalCandidates(Kind, hits, top.TotalHits);
    }

    /// <summary>Only passages of the retrieved list have a BM25 score here (a passage outside it scores below the list).</summary>
    public double? Score(int doc)
    {
        // Built on first use: lexical-only ranking never asks, and a dictionary of the top 100 per query was measurable.
        _scores ??= _hits?.ToDictionary(h => h.Doc, h => h.Score);
        return _scores is not null && _scores.TryGetValue(doc, out var score) ? score : null;
    }
}
