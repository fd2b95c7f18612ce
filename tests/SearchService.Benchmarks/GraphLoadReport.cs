using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Cloud.Unum.USearch;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>-- graph-load FILE [REPEATS]</c>: what a saved nearest-neighbour graph (<c>ann.usearch</c>) costs to open, per
/// step: the SHA-256 check, a full load (copy into memory, the path before issue 19's restart work) and a view
/// (memory-mapped, what the background attach now does after the check). Read-only: the file is never written.
/// </summary>
internal static class GraphLoadReport
{
    public static int Run(string[] args)
    {
        var path = Path.GetFullPath(args[0]);
        var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        Console.WriteLine(FormattableString.Invariant($"{path}: {new FileInfo(path).Length / (1024.0 * 1024):F1} MiB"));
        for (var i = 0; i < repeats; i++)
        {
            var hash = Time(() =>
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
                _ = SHA256.HashData(stream);
            });
            var load = Time(() =>
            {
                using var index = new USearchIndex(path, view: false);
                _ = index.Size();
            });
            var view = Time(() =>
            {
                using var index = new USearchIndex(path, view: true);
                _ = index.Size();
            });
            Console.WriteLine(FormattableString.Invariant($"run {i + 1}: sha256 {hash:F0} ms, load (copy) {load:F0} ms, view (mapped) {view:F1} ms"));
        }

        return 0;
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }
}
