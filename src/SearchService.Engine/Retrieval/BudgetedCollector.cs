using System.Diagnostics;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// Passes hits to <paramref name="inner"/>, checking the <see cref="QueryDeadline"/> (from its own creation) at every
/// segment and every <see cref="CheckEvery"/> hits: a clock read per hit would cost more than the checks save.
/// </summary>
/// <param name="matched">When given, records every collected document (top-level doc id).</param>
internal sealed class BudgetedCollector(ICollector inner, QueryDeadline deadline, MatchedDocs? matched = null) : ICollector
{
    public const int CheckEvery = 256;

    private readonly long _started = Stopwatch.GetTimestamp();

    private int _sinceCheck;

    private int _docBase;

    public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        deadline.ThrowIfOver(_started);
        _docBase = context.DocBase;
        inner.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        if (++_sinceCheck >= CheckEvery)
        {
            _sinceCheck = 0;
            deadline.ThrowIfOver(_started);
        }

        matched?.Add(_docBase + doc);
        inner.Collect(doc);
    }

    /// <summary>The top <paramref name="depth"/> hits of <paramref name="query"/>, as <c>searcher.Search(query, depth)</c> finds them, within the deadline.</summary>
    /// <remarks>
    /// The query is expanded (rewritten) before the clock starts: what an expansion may cost is bounded by the
    /// parse-time limits, and a cold process's first fuzzy query pays a one-off table set-up there.
    /// </remarks>
    /// <param name="matched">When given, records every matching document (what <c>TotalHits</c> counts).</param>
    public static TopDocs Search(IndexSearcher searcher, Query query, int depth, QueryDeadline deadline, MatchedDocs? matched = null)
    {
        deadline.CancellationToken.ThrowIfCancellationRequested();
        var expanded = searcher.Rewrite(query);
        if (TermDisjunction.Clauses(searcher, expanded, depth) is { } clauses)
        {
            // Plain queries: the same hits and scores as below, at a fraction of the CPU (see TermDisjunction).
            return TermDisjunction.Search(searcher, clauses, depth, deadline, matched: matched);
        }

        // Out-of-order accepted, as IndexSearcher does for the boolean queries the builder makes; ties still go to the lower doc.
        var top = TopScoreDocCollector.Create(Math.Max(depth, 1), docsScoredInOrder: false);
        searcher.Search(expanded, new BudgetedCollector(top, deadline, matched));
        return top.GetTopDocs(0, depth);
    }
}
