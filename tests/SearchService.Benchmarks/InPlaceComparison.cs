using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Search;
using SearchService.Engine.Retrieval;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>rank-profile … disjunction-ab</c>: the same plain queries through <c>TermDisjunction</c> with postings read
/// through <c>NextDoc</c>/<c>Freq</c> (A) and walked in place (B, <c>BlockPostings</c>), alternating passes over all
/// queries in one process, so both see the same machine load; prints the process CPU and KB allocated per query of
/// each and checks that both give the same hits (docs, score bits, totals).
/// </summary>
internal static class InPlaceComparison
{
    public static int Run(IndexSearcher searcher, Query[] parsed, int depth, double seconds)
    {
        var clauses = parsed.Select(q => TermDisjunction.Clauses(searcher, q, depth)).Where(c => c is not null).Select(c => c!).ToArray();
        foreach (var query in clauses)
        {
            var a = TermDisjunction.Search(searcher, query, depth, QueryDeadline.None, readInPlace: false);
            var b = TermDisjunction.Search(searcher, query, depth, QueryDeadline.None, readInPlace: true);
            if (a.TotalHits != b.TotalHits || !a.ScoreDocs.Select(Key).SequenceEqual(b.ScoreDocs.Select(Key)))
            {
                Console.WriteLine("disjunction-ab: the two reads differ on a query");
                return 1;
            }
        }

        // Warm-up: both variants to the JIT's optimised tier before anything is counted.
        var warm = Stopwatch.StartNew();
        for (var i = 0; warm.Elapsed.TotalSeconds < Math.Min(5, seconds / 4); i++)
        {
            TermDisjunction.Search(searcher, clauses[i % clauses.Length], depth, QueryDeadline.None, readInPlace: (i & 1) == 0);
        }

        var cpu = new TimeSpan[2];
        var bytes = new long[2];
        var counts = new long[2];
        var clock = Stopwatch.StartNew();
        for (var round = 0; clock.Elapsed.TotalSeconds < seconds || round < 4; round++)
        {
            for (var variant = 0; variant < 2; variant++)
            {
                var inPlace = (variant ^ (round & 1)) == 1;
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var used = Process.GetCurrentProcess().TotalProcessorTime;
                foreach (var query in clauses)
                {
                    TermDisjunction.Search(searcher, query, depth, QueryDeadline.None, readInPlace: inPlace);
                }

                var slot = inPlace ? 1 : 0;
                cpu[slot] += Process.GetCurrentProcess().TotalProcessorTime - used;
                bytes[slot] += GC.GetAllocatedBytesForCurrentThread() - allocated;
                counts[slot] += clauses.Length;
            }
        }

        for (var slot = 0; slot < 2; slot++)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"{(slot == 0 ? "NextDoc/Freq" : "in place    ")}: {counts[slot]} queries, process CPU {cpu[slot].TotalMilliseconds / counts[slot]:F3} ms/query, {bytes[slot] / 1024.0 / counts[slot]:F1} KB/query"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"in place / NextDoc: {cpu[1].TotalMilliseconds / counts[1] / (cpu[0].TotalMilliseconds / counts[0]):F3}"));
        return 0;
    }

    private static (int Doc, int Bits) Key(ScoreDoc hit) => (hit.Doc, BitConverter.SingleToInt32Bits(hit.Score));
}
