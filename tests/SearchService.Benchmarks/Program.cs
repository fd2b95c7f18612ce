using BenchmarkDotNet.Running;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/SearchService.Benchmarks -- --filter *</c> runs the benchmarks;
/// <c>-- memory</c> builds the 100,000-passage index once and prints what its vectors cost in memory and on disk.
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

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchmarkConfig());
        return 0;
    }
}
