using BenchmarkDotNet.Running;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/SearchService.Benchmarks -- --filter *</c> runs the benchmarks;
/// <c>-- memory</c> builds the 100,000-passage index once and prints what its vectors cost in memory and on disk;
/// <c>-- suggest [PASSAGES]</c> measures <c>/suggest</c>'s engine latency at 100,000 synthetic passages (see <see cref="SuggestReport"/>);
/// <c>-- encoder [BEIR-DIR]</c> measures the sentence encoder (see <see cref="EncoderReport"/>);
/// <c>-- passage-scoring [BEIR-DIR]</c> compares whole-passage and best-sentence encoder scoring;
/// <c>-- index-throughput sources|beir DIR</c> times one lexical indexing pass (see <see cref="IndexThroughputReport"/>);
/// <c>-- encoder-standin SOURCES OUT-CACHE</c> gives a large corpus encoder vectors for latency runs (see <see cref="EncoderStandInReport"/>).
/// </summary>
public static class Program
{
    /// <summary>The report commands (the first argument, any case); anything else goes to BenchmarkDotNet.</summary>
    private static readonly Dictionary<string, Func<string[], int>> Reports = new(StringComparer.OrdinalIgnoreCase)
    {
        ["memory"] = rest => MemoryReport.Run(PassagesOr(rest)),
        ["encoder"] = EncoderReport.Run,
        ["suggest"] = rest => SuggestReport.Run(PassagesOr(rest)),
        ["passage-scoring"] = PassageScoringReport.Run,
        ["encoder-runtimes"] = _ => EncoderRuntimeComparison.Run(),
        ["restart"] = RestartReport.Run,
        ["graph-load"] = GraphLoadReport.Run,
        ["ann"] = AnnReport.Run,
        ["rank-profile"] = RankLoop.Run,
        ["encoder-standin"] = EncoderStandInReport.Run,
        ["million"] = MillionReport.Run,
        ["index-alloc"] = IndexAllocationReport.Run,
        ["index-throughput"] = IndexThroughputReport.Run,
        ["profile"] = ProfileLoop.Run,
    };

    public static int Main(string[] args)
    {
        if (args.Length > 0 && Reports.TryGetValue(args[0], out var report))
        {
            return report(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchmarkConfig());
        return 0;
    }

    /// <summary>The passage count given as the report's first argument, or the synthetic corpus's size.</summary>
    private static int PassagesOr(string[] rest) => rest.Length > 0 && int.TryParse(rest[0], out var n) ? n : Corpus.SyntheticPassages;
}
