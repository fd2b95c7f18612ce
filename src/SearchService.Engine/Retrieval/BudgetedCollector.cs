using System.Diagnostics;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// Passes hits to <paramref name="inner"/>, checking the <see cref="QueryDeadline"/> (from its own creation) at every
/// segment and every <see cref="CheckEvery"/> hits: a clock read per hit would cost more than the checks save.
/// </summary>
internal sealed class BudgetedCollector(ICollector inner, QueryDeadline deadline) : ICollector
{
    public const int CheckEvery = 256;

    private readonly long _started = Stopwatch.GetTimestamp();

    private int _sinceCheck;

    public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        deadline.ThrowIfOver(_started);
        inner.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        if (++_sinceCheck >= CheckEvery)
        {
            _sinceCheck = 0;
            deadline.ThrowIfOver(_started);
        }

        inner.Collect(doc);
    }

    /// <summary>The top <paramref name="depth"/> hits of <paramref name="query"/>, as <c>searcher.Search(query, depth)</c> finds them, within the deadline.</summary>
    /// <remarks>
    /// The query is expanded (rewritten) before the clock starts: what an expansion may cost is bounded by the
    /// parse-time limits, and a cold process's first fuzzy query pays a one-off table set-up there.
    /// </remarks>
    public static TopDocs Search(IndexSearcher searcher, Query query, int depth, QueryDeadline deadline)
    {
        deadline.CancellationToken.ThrowIfCancellationRequested();
        var expanded = searcher.Rewrite(query);
        if (TermDisjunction.Clauses(searcher, expanded, depth) is { } clauses)
        {
            // Plain queries: the same hits and scores as below, at a fraction of the CPU (see TermDisjunction).
            return TermDisjunction.Search(searcher, clauses, depth, deadline);
        }

        // Out-of-order accepted, as IndexSearcher does for the boolean queries the builder makes; ties still go to the lower doc.
        var top = TopScoreDocCollector.Create(Math.Max(depth, 1), docsScoredInOrder: false);
        searcher.Search(expanded, new BudgetedCollector(top, deadline));
        return top.GetTopDocs(0, depth);
    }
}
