using System.Diagnostics;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// One request's time budget for collecting hits (<see cref="QueryLimitsOptions.TimeBudget"/>) and its cancellation
/// (the HTTP client disconnecting, the gRPC deadline passing), checked by <see cref="BudgetedCollector"/> so an
/// over-budget or abandoned search stops instead of burning CPU for nobody. Over budget is the caller's 400 (the
/// same query costs as much on retry); cancelled is an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed record QueryDeadline(TimeSpan Budget, CancellationToken CancellationToken)
{
    /// <summary>No budget, not cancellable (evaluation runs).</summary>
    public static QueryDeadline None { get; } = new(TimeSpan.Zero, CancellationToken.None);

    /// <param name="started">When collection started (<see cref="Stopwatch.GetTimestamp"/>).</param>
    public void ThrowIfOver(long started)
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (Budget > TimeSpan.Zero && Stopwatch.GetElapsedTime(started) > Budget)
        {
            throw new InvalidQueryException(
                "q",
                $"The query exceeded the time budget of {Budget.TotalMilliseconds:0.###} ms ({QueryLimitsOptions.SectionName}:{nameof(QueryLimitsOptions.TimeBudget)}); make it more specific.");
        }
    }
}
