using Microsoft.Extensions.Options;
using SearchService.Cluster.Routing;
using SearchService.Cluster.Shards;
using SearchService.Engine.Indexing;
using SearchService.Engine.Pushing;
using SearchService.Engine.Retrieval;

namespace SearchService.Cluster.Search;

/// <summary>
/// The cluster's documents as one node's catalog and push serve them: a document is read from, pushed to and deleted
/// on the shard its id hashes to (durable in that shard's grain storage); the list is every shard's, merged in id order.
/// </summary>
public sealed class ClusterCatalog(IGrainFactory grains, IOptions<ClusterOptions> cluster)
{
    private TimeSpan ShardTimeout => cluster.Value.ShardTimeout;

    /// <summary>Every document of every shard, in id order as one node lists them.</summary>
    /// <exception cref="IndexNotReadyException">A shard is rebuilding or unreachable: a list without its documents would be wrong, not short.</exception>
    public async Task<IReadOnlyList<DocumentSummary>> List(CancellationToken cancellationToken = default)
    {
        var lists = await Task.WhenAll(Enumerable.Range(0, cluster.Value.Shards).Select(shard => Ask(grain => grain.ListDocuments(), shard, cancellationToken)));
        if (lists.Any(list => list is null))
        {
            throw new IndexNotReadyException();
        }

        return lists.SelectMany(list => list!).Select(TransportedSummary.Deserialize).OrderBy(d => d.DocumentId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The document from its shard; null when no document has the id.</summary>
    public async Task<DocumentDetail?> Get(string documentId, CancellationToken cancellationToken = default)
    {
        var json = await Ask(grain => grain.GetDocument(documentId), Owner(documentId), cancellationToken);
        return json is null ? null : TransportedDetail.Deserialize(json);
    }

    /// <summary>Whether the id is a document of the sources folder (push refuses those).</summary>
    public Task<bool> IsFolderDocument(string documentId, CancellationToken cancellationToken = default) =>
        Ask(grain => grain.IsFolderDocument(documentId), Owner(documentId), cancellationToken);

    /// <summary>Pushes a document to its shard; waits at most <paramref name="timeout"/> for it to be indexed.</summary>
    /// <exception cref="TimeoutException">The shard did not answer in time (the document may be stored and indexed later).</exception>
    public async Task<(ShardPushStatus Status, bool Replaced, DocumentSummary? Document)> Put(string documentId, PushedDocument document, bool wait, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var result = await Shard(Owner(documentId)).Put(ClusterDocuments.From(documentId, document), wait).WaitAsync(timeout, cancellationToken);
        return (result.Status, result.Replaced, result.Document is null ? null : TransportedSummary.Deserialize(result.Document));
    }

    /// <summary>Deletes a pushed document on its shard; waits at most <paramref name="timeout"/>.</summary>
    public async Task<ShardPushStatus> Remove(string documentId, bool wait, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        (await Shard(Owner(documentId)).Remove(documentId, wait).WaitAsync(timeout, cancellationToken)).Status;

    private int Owner(string documentId) => ShardRouting.ShardOf(documentId, cluster.Value.Shards);

    private IShardGrain Shard(int id) => grains.GetGrain<IShardGrain>(id);

    private async Task<T> Ask<T>(Func<IShardGrain, Task<T>> call, int shard, CancellationToken cancellationToken)
    {
        try
        {
            return await call(Shard(shard)).WaitAsync(ShardTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            // A shard that is gone or still rebuilding: the caller answers 503 (retry), as one node does while opening its index.
            throw new IndexNotReadyException();
        }
    }
}
