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
    public static int Main(string[] args)
    {
        if (args.Length > 0 && string.Equals(args[0], "memory", StringComparison.OrdinalIgnoreCase))
        {
            var passages = args.Length > 1 && int.TryParse(args[1], out var n) ? n : Corpus.SyntheticPassages;
            return MemoryReport.Run(passages);
        }

        if (args.Length > 0 && string.Equals(args[0], "encoder", StringComparison.OrdinalIgnoreCase))
        {
            return EncoderReport.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "suggest", StringComparison.OrdinalIgnoreCase))
        {
            return SuggestReport.Run(args.Length > 1 && int.TryParse(args[1], out var n) ? n : Corpus.SyntheticPassages);
        }

        if (args.Length > 0 && string.Equals(args[0], "passage-scoring", StringComparison.OrdinalIgnoreCase))
        {
            return PassageScoringReport.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "encoder-runtimes", StringComparison.OrdinalIgnoreCase))
        {
            return EncoderRuntimeComparison.Run();
        }

        if (args.Length > 0 && string.Equals(args[0], "restart", StringComparison.OrdinalIgnoreCase))
        {
            return RestartReport.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "graph-load", StringComparison.OrdinalIgnoreCase))
        {
            return GraphLoadReport.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "ann", StringComparison.OrdinalIgnoreCase))
        {
            return AnnReport.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "rank-profile", StringComparison.OrdinalIgnoreCase))
        {
            return RankLoop.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "encoder-standin", StringComparison.OrdinalIgnoreCase))
        {
            return EncoderStandInReport.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "million", StringComparison.OrdinalIgnoreCase))
        {
            return MillionReport.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "index-alloc", StringComparison.OrdinalIgnoreCase))
        {
            return IndexAllocationReport.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "index-throughput", StringComparison.OrdinalIgnoreCase))
        {
            return IndexThroughputReport.Run(args[1..]);
        }

        if (args.Length > 0 && string.Equals(args[0], "profile", StringComparison.OrdinalIgnoreCase))
        {
            return ProfileLoop.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchmarkConfig());
        return 0;
    }
}
