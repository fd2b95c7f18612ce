using System.Diagnostics;

namespace SearchService.Benchmarks;

/// <summary>What a <see cref="TimedLoop"/> measured: each call's latency (sorted), and the process CPU and the bytes this thread allocated, per call.</summary>
internal sealed record TimedLoopResult(IReadOnlyList<double> SortedLatenciesMs, double CpuMsPerCall, double KilobytesPerCall)
{
    public int Count => SortedLatenciesMs.Count;

    public double P50 => SortedLatenciesMs[Count / 2];

    public double P99 => SortedLatenciesMs[Math.Min(Count - 1, (int)(Count * 0.99))];

    public double Mean => SortedLatenciesMs.Average();
}

/// <summary>
/// Runs a call untimed until both warm-up bounds are reached (so the JIT has optimised it), then timed until both
/// measurement bounds are: one thread, the call's index passed in so callers can rotate their queries.
/// </summary>
internal static class TimedLoop
{
    public static TimedLoopResult Run(Action<int> run, double warmUpSeconds, int warmUpCalls, double seconds, int minimumCalls)
    {
        var warm = Stopwatch.StartNew();
        for (var i = 0; warm.Elapsed.TotalSeconds < warmUpSeconds || i < warmUpCalls; i++)
        {
            run(i);
        }

        var latencies = new List<double>();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var n = 0; clock.Elapsed.TotalSeconds < seconds || n < minimumCalls; n++)
        {
            var started = Stopwatch.GetTimestamp();
            run(n);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        latencies.Sort();
        return new TimedLoopResult(latencies, used.TotalMilliseconds / latencies.Count, allocated / latencies.Count / 1024.0);
    }
}
