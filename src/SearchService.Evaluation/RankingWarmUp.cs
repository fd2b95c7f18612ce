namespace SearchService.Evaluation;

/// <summary>
/// How a ranking run warms up before it times anything: it repeats the query set until <paramref name="Queries"/>
/// queries have run or <paramref name="Limit"/> has passed, whichever comes first.
/// </summary>
/// <remarks>
/// .NET runs new code unoptimised (tier 0) and recompiles hot methods in the background only after they have been
/// called often and the process has stopped compiling new code for a while; a short warm-up times that tier-0 code,
/// up to twice as slow as what a running service executes. The default matches the Java Lucene peer harness
/// (<c>../shared/peers/LuceneBM25.java</c>: at least 10,000 warm-up queries), so the latency columns compare like with like.
/// </remarks>
public sealed record RankingWarmUp(int Queries, TimeSpan Limit)
{
    /// <summary>10,000 queries, at most 30 s per mode.</summary>
    public static readonly RankingWarmUp Default = new(10_000, TimeSpan.FromSeconds(30));

    /// <summary>No warm-up: for runs where only the rankings matter (tests).</summary>
    public static readonly RankingWarmUp None = new(0, TimeSpan.Zero);
}
