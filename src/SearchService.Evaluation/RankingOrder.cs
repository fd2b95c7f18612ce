namespace SearchService.Evaluation;

/// <summary>
/// Reorders hits the way trec_eval does before it measures anything.
/// <para>
/// trec_eval ignores the rank column of a run file. It sorts each query's lines by score descending and breaks ties by
/// docno in <em>decreasing</em> <c>strcmp</c> order (<c>comp_sim_docno</c> in form_res_rels.c:
/// <c>return strcmp(p2->docno, p1->docno)</c>). Issue text that says "ties broken by document id" means this rule;
/// we implement trec_eval's exact rule, descending, so that our numbers equal trec_eval's on the same run file.
/// </para>
/// <para>
/// The <see cref="Evaluator"/> itself measures rankings as given, because a search engine's own order is what a user
/// sees. Apply this normalizer first when comparing with trec_eval. For exact agreement, normalize the scores trec_eval
/// will read: a run written with 6 decimals can tie two hits whose in-memory scores differ, so evaluate the run as
/// read back by <see cref="TrecRunReader"/>.
/// </para>
/// </summary>
public static class RankingOrder
{
    /// <summary>The hits sorted by (score descending, doc id descending in byte order). Stable input order does not matter.</summary>
    public static IReadOnlyList<RankedDoc> TrecEval(IEnumerable<RankedDoc> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var sorted = hits.ToArray();
        Array.Sort(sorted, CompareTrecEval);
        return sorted;
    }

    /// <summary>Applies <see cref="TrecEval(IEnumerable{RankedDoc})"/> to every query of a run.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<RankedDoc>> TrecEval(
        IReadOnlyDictionary<string, IReadOnlyList<RankedDoc>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.ToDictionary(kv => kv.Key, kv => TrecEval(kv.Value), StringComparer.Ordinal);
    }

    private static int CompareTrecEval(RankedDoc a, RankedDoc b)
    {
        // Explicit > and < rather than CompareTo, to mirror the C comparison (NaN scores compare equal to everything
        // there, and fall through to the docno rule).
        if (a.Score > b.Score)
        {
            return -1;
        }

        if (a.Score < b.Score)
        {
            return 1;
        }

        return TrecDocIdComparer.Instance.Compare(b.DocId, a.DocId);
    }
}
