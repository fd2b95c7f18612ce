using System.Runtime.ExceptionServices;

namespace SearchService.Engine.Indexing;

/// <summary>Runs independent work on every core and hands the results back in the input's order.</summary>
internal static class OrderedParallel
{
    /// <summary>
    /// <paramref name="map"/> of each item, in the items' order, computed on <see cref="Environment.ProcessorCount"/>
    /// threads at most. An item that fails fails the whole call with its own exception (the first failing item in the
    /// input's order, as a loop would have met it), not an <see cref="AggregateException"/>.
    /// </summary>
    public static TResult[] Map<T, TResult>(IReadOnlyList<T> items, Func<T, TResult> map)
    {
        var results = new TResult[items.Count];
        if (items.Count == 1)
        {
            results[0] = map(items[0]);
            return results;
        }

        var failures = new ExceptionDispatchInfo?[items.Count];
        Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                results[i] = map(items[i]);
            }
            catch (Exception ex)
            {
                failures[i] = ExceptionDispatchInfo.Capture(ex);
            }
        });
        Array.Find(failures, f => f is not null)?.Throw();
        return results;
    }

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
