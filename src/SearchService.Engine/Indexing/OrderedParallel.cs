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
}
