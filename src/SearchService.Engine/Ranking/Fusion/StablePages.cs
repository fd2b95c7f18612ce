namespace SearchService.Engine.Ranking.Fusion;

/// <summary>
/// Makes fused rankings page-stable. A fused list depends on how deep each signal was read (normalization and the
/// pool change with depth), so ranking to "offset + k" would reorder passages between pages: one page repeats a
/// passage, the next skips one. Instead the ranking is built in tiers of a fixed depth sequence (d, 2d, 4d, …):
/// tier 0 is the ranking at the candidate depth (what the first pages have always shown, and what evaluation reads at
/// its depth of 100), each further tier adds the passages of the next deeper ranking not listed yet, in that ranking's
/// order. The first n results are then the same whichever page asked for them, and paging ends when every match
/// (<see cref="RankedList.Total"/>) is listed.
/// </summary>
internal static class StablePages
{
    public static RankedList Rank(int firstDepth, int needed, long maxDoc, Func<int, RankedList> rankAtDepth) =>
        RankAsync(firstDepth, needed, maxDoc, depth => ValueTask.FromResult(rankAtDepth(depth))).AsTask().GetAwaiter().GetResult();

    /// <summary>The same tiers when each depth's ranking is asynchronous (cluster mode asks every shard for it).</summary>
    public static async ValueTask<RankedList> RankAsync(int firstDepth, int needed, long maxDoc, Func<int, ValueTask<RankedList>> rankAtDepth)
    {
        var depth = Math.Max(1, firstDepth);
        var outcome = await rankAtDepth(depth);
        if (outcome.Candidates.Count >= Math.Min(needed, outcome.Total))
        {
            return outcome;
        }

        var ranked = outcome.Candidates.ToList();
        var listed = ranked.Select(c => c.Doc).ToHashSet();
        while (ranked.Count < Math.Min(needed, outcome.Total) && depth <= maxDoc)
        {
            depth = depth > int.MaxValue / 2 ? int.MaxValue : depth * 2;
            var deeper = await rankAtDepth(depth);
            ranked.AddRange(deeper.Candidates.Where(c => listed.Add(c.Doc)));
            outcome = deeper;
        }

        return outcome with { Candidates = ranked };
    }
}
