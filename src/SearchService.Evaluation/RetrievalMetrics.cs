using SearchService.Engine.Judgments;

namespace SearchService.Evaluation;

/// <summary>
/// Single-query metrics, written to match trec_eval 9/10 line for line (m_ndcg_cut.c, m_recip_rank.c, m_recall.c,
/// m_map_cut.c, m_P.c) with its default relevance level 1.
/// <para>
/// Each takes the ranking in the order to be measured (rank 1 first; see <see cref="RankingOrder.TrecEval"/>) and the
/// query's judgments. Documents missing from the judgments are non-relevant. A ranking shorter than the cutoff is
/// treated as padded with non-relevant documents, as trec_eval does. Doc ids are assumed distinct within a ranking;
/// <see cref="Evaluator"/> enforces that.
/// </para>
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>
    /// <c>ndcg_cut.k</c>: DCG = Σ grade / log2(rank + 1) over the top k, counting only grades &gt; 0; divided by the DCG of
    /// the ideal ranking, which is built from <em>all</em> judged documents with grade &gt; 0 (retrieved or not), sorted
    /// by grade descending and cut at k. 0 when the query has no positive judgment.
    /// </summary>
    public static double NdcgAt(IReadOnlyList<RankedDoc> ranking, IReadOnlyDictionary<string, int> grades, int k)
    {
        RequirePositive(k);
        var dcg = 0.0;
        var depth = Math.Min(k, ranking.Count);
        for (var i = 0; i < depth; i++)
        {
            var gain = GradeOf(ranking[i], grades);
            if (gain > 0)
            {
                // i is 0-based, so rank + 1 = i + 2.
                dcg += gain / Math.Log2(i + 2);
            }
        }

        var idealDcg = 0.0;
        var idealIndex = 0;
        foreach (var gain in grades.Values.Where(g => g > 0).OrderDescending().Take(k))
        {
            idealDcg += gain / Math.Log2(idealIndex + 2);
            idealIndex++;
        }

        return idealDcg > 0 ? dcg / idealDcg : 0.0;
    }

    /// <summary>
    /// <c>recip_rank</c> measured on the top k only (MRR@k): 1 / rank of the first document with grade ≥ 1 within the top
    /// k, else 0. trec_eval's recip_rank has no cutoff; this equals trec_eval run with <c>-M k</c> (which truncates after
    /// its own sort).
    /// </summary>
    public static double ReciprocalRankAt(IReadOnlyList<RankedDoc> ranking, IReadOnlyDictionary<string, int> grades, int k)
    {
        RequirePositive(k);
        var depth = Math.Min(k, ranking.Count);
        for (var i = 0; i < depth; i++)
        {
            if (IsRelevant(ranking[i], grades))
            {
                return 1.0 / (i + 1);
            }
        }

        return 0.0;
    }

    /// <summary><c>recall.k</c>: relevant documents in the top k / all relevant judged documents. 0 when none are relevant.</summary>
    public static double RecallAt(IReadOnlyList<RankedDoc> ranking, IReadOnlyDictionary<string, int> grades, int k)
    {
        RequirePositive(k);
        var relevant = RelevantCount(grades);
        return relevant == 0 ? 0.0 : (double)RelevantInTop(ranking, grades, k) / relevant;
    }

    /// <summary>
    /// <c>map_cut.k</c> for one query: Σ precision@r over the ranks r ≤ k holding a relevant document, divided by the
    /// number of relevant judged documents (not by the number retrieved, so unretrieved relevant documents count as 0).
    /// </summary>
    public static double AveragePrecisionAt(IReadOnlyList<RankedDoc> ranking, IReadOnlyDictionary<string, int> grades, int k)
    {
        RequirePositive(k);
        var relevant = RelevantCount(grades);
        if (relevant == 0)
        {
            return 0.0;
        }

        var sum = 0.0;
        var relevantSoFar = 0;
        var depth = Math.Min(k, ranking.Count);
        for (var i = 0; i < depth; i++)
        {
            if (IsRelevant(ranking[i], grades))
            {
                relevantSoFar++;
                sum += (double)relevantSoFar / (i + 1);
            }
        }

        return sum / relevant;
    }

    /// <summary><c>P.k</c>: relevant documents in the top k / k, even when fewer than k were retrieved.</summary>
    public static double PrecisionAt(IReadOnlyList<RankedDoc> ranking, IReadOnlyDictionary<string, int> grades, int k)
    {
        RequirePositive(k);
        return (double)RelevantInTop(ranking, grades, k) / k;
    }

    private static int RelevantInTop(IReadOnlyList<RankedDoc> ranking, IReadOnlyDictionary<string, int> grades, int k)
    {
        var count = 0;
        var depth = Math.Min(k, ranking.Count);
        for (var i = 0; i < depth; i++)
        {
            if (IsRelevant(ranking[i], grades))
            {
                count++;
            }
        }

        return count;
    }

    private static int RelevantCount(IReadOnlyDictionary<string, int> grades) =>
        grades.Values.Count(g => g >= Qrels.RelevantGrade);

    private static bool IsRelevant(RankedDoc doc, IReadOnlyDictionary<string, int> grades) =>
        GradeOf(doc, grades) >= Qrels.RelevantGrade;

    // Unjudged documents are non-relevant; 0 is below every threshold used here.
    private static int GradeOf(RankedDoc doc, IReadOnlyDictionary<string, int> grades) =>
        grades.TryGetValue(doc.DocId, out var grade) ? grade : 0;

    private static void RequirePositive(int k) => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
}
