using System.Runtime.ExceptionServices;

namespace SearchService.Engine.Indexing;

/// <summary>Runs independent work on every core and hands the results back in the input's order.</summary>
internal static class OrderedParallel
{
    /// <summary>
    /// <paramref name="map"/> of each item as a stream in the items' order, computed ahead on
    /// <see cref="Environment.ProcessorCount"/> threads while the caller consumes the results (no barrier: the
    /// caller's work on one result overlaps the mapping of the next). A failing item ends the stream with its own
    /// exception, not an <see cref="AggregateException"/>.
    /// </summary>
    public static IEnumerable<TResult> Stream<T, TResult>(IReadOnlyList<T> items, Func<T, TResult> map)
    {
        if (items.Count <= 1)
        {
            foreach (var item in items)
            {
                yield return map(item);
            }

            yield break;
        }

        using var results = items.AsParallel().AsOrdered()
            .WithDegreeOfParallelism(Environment.ProcessorCount)
            .WithMergeOptions(ParallelMergeOptions.NotBuffered)
            .Select(map)
            .GetEnumerator();
        while (Next(results, out var result))
        {
            yield return result;
        }
    }

    private static bool Next<TResult>(IEnumerator<TResult> results, out TResult result)
    {
        try
        {
            var more = results.MoveNext();
            result = more ? results.Current : default!;
            return more;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
