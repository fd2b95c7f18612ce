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

    /// <summary>
    /// <paramref name="map"/> of each item on a pool thread, at most <paramref name="ahead"/> items in flight, the results
    /// in the items' order. The items are enumerated on the caller's thread, lazily, as room frees up (a source read
    /// there overlaps the mapping of the items before it). A failing item ends the stream with its own exception once
    /// the results before it are consumed. However the stream ends, the items still in flight are waited for and
    /// their results handed to <paramref name="discard"/>, so nothing runs on after it.
    /// </summary>
    public static IEnumerable<TResult> Ahead<T, TResult>(IEnumerable<T> items, Func<T, TResult> map, int ahead, Action<TResult> discard)
    {
        var running = new Queue<Task<TResult>>();
        try
        {
            using var enumerator = items.GetEnumerator();
            var more = true;
            while (true)
            {
                while (more && running.Count < Math.Max(1, ahead))
                {
                    more = enumerator.MoveNext();
                    if (more)
                    {
                        var item = enumerator.Current;
                        running.Enqueue(Task.Run(() => map(item)));
                    }
                }

                if (running.Count == 0)
                {
                    yield break;
                }

                yield return running.Dequeue().GetAwaiter().GetResult();
            }
        }
        finally
        {
            while (running.TryDequeue(out var abandoned))
            {
                // The stream already ends with an exception (or was left early): an abandoned item's own failure adds nothing.
                Task.WaitAny(abandoned);
                if (abandoned.IsCompletedSuccessfully)
                {
                    discard(abandoned.Result);
                }
            }
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
