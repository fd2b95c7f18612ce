using SearchService.Engine.Indexing;

namespace SearchService.Push;

/// <summary>Runs an indexing pass for an admin or push call and waits for it, bounded by <c>Search:Admin:ReindexTimeout</c>.</summary>
public static class IndexPass
{
    /// <summary>The pass's report, or why it did not finish (stalled or timed out: unavailable; threw: failed).</summary>
    public static async Task<(SyncReport? Report, PushFailure? Failure)> RunAsync(
        ReindexRequests requests, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return (await requests.RequestAsync(cancellationToken).WaitAsync(timeout, cancellationToken), null);
        }
        catch (IndexingStalledException stalled)
        {
            return (null, new PushFailure(PushFailureKind.Unavailable, "Indexing stalled", stalled.Message));
        }
        catch (TimeoutException)
        {
            return (null, new PushFailure(
                PushFailureKind.Unavailable,
                "Indexing did not finish",
                $"No indexing pass finished within {timeout}; /health/ready says why. The pass still runs when it can."));
        }
        catch (InvalidOperationException failed)
        {
            return (null, new PushFailure(PushFailureKind.Failed, "Indexing failed", failed.Message));
        }
    }
}
