namespace SearchService.Evaluation;

/// <summary>What to do with a query whose qrels contain no document with grade ≥ 1 (only 0 or negative rows).</summary>
public enum NoRelevantJudgmentsPolicy
{
    /// <summary>
    /// Leave the query out of the mean (our default): no ranking can score on it, so it only dilutes the mean with
    /// zeros that say nothing about the system.
    /// </summary>
    ExcludeFromMean,

    /// <summary>
    /// Score the query as 0 on every metric and include it in the mean. This is what trec_eval (and so pytrec_eval and
    /// BEIR's published numbers) does: it evaluates every query that has any qrels line, and all five metrics are 0 when
    /// there is nothing relevant. Use it to reproduce trec_eval's mean exactly.
    /// </summary>
    CountAsZero,
}
