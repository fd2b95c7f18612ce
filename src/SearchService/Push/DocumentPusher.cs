using Microsoft.Extensions.Options;
using SearchService.Cluster.Search;
using SearchService.Cluster.Shards;
using SearchService.Engine;
using SearchService.Engine.Indexing;
using SearchService.Engine.Pushing;
using SearchService.Engine.Retrieval;

namespace SearchService.Push;

/// <summary>
/// Push ingestion behind both transports (HTTP <c>PUT/DELETE /documents/{id}</c>, gRPC <c>PutDocument</c> and
/// <c>DeleteDocument</c>): the document is stored in the pushed folder and indexed like a file of the sources folder.
/// Each transport reads and checks its own request shape with <see cref="PushValidation"/>, then calls this, so the
/// rules, the order of the checks and the messages are the same whichever way a document arrives. In cluster mode
/// (<paramref name="cluster"/> set) the document goes to the shard its id hashes to, durable in its grain storage,
/// instead of this node's pushed folder: the same checks, outcomes and messages (docs/scale.md).
/// </summary>
public sealed class DocumentPusher(
    PushedStore store, DocumentCatalog catalog, ReindexRequests requests, IOptions<AdminOptions> admin, IOptions<SearchOptions> search, ClusterCatalog? cluster = null)
{
    /// <summary>The largest document a push accepts (<c>Search:Admin:MaxDocumentBytes</c>).</summary>
    public long MaxDocumentBytes => admin.Value.MaxDocumentBytes;

    /// <summary>
    /// Whether <paramref name="id"/> may be pushed to: a valid id that is not a document of the sources folder.
    /// Checked before the body is read, as HTTP does: a bad id is reported alone.
    /// </summary>
    public async Task<PushFailure?> CheckTargetAsync(string id, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        PushValidation.CheckId(id, errors);
        if (errors.Count > 0)
        {
            return PushFailure.Invalid(errors);
        }

        if (cluster is not null)
        {
            return await cluster.IsFolderDocument(id, cancellationToken) ? FolderDocument(id) : null;
        }

        return !store.Contains(id) && catalog.Get(id) is { } indexed && !PushedStore.IsPushed(indexed.Document.Metadata) ? FolderDocument(id) : null;
    }

    /// <summary>Stores the (valid) document and, when <paramref name="wait"/>, runs the pass that indexes it.</summary>
    public async Task<PushOutcome> PutAsync(string id, PushedDocument document, bool wait, CancellationToken cancellationToken)
    {
        var bytes = document.ToJsonBytes();
        if (bytes.LongLength > search.Value.MaxFileBytes)
        {
            return PushOutcome.Failed(id, new PushFailure(
                PushFailureKind.TooLarge,
                "Request body too large",
                $"The stored document would be {bytes.LongLength} bytes; Search:MaxFileBytes allows {search.Value.MaxFileBytes}."));
        }

        if (cluster is not null)
        {
            return await PutToClusterAsync(id, document, wait, cancellationToken);
        }

        var replaced = store.Save(id, bytes);
        if (!wait)
        {
            _ = requests.RequestAsync(CancellationToken.None);
            return new PushOutcome(id, PushStatus.Pending, replaced);
        }

        var (report, failure) = await IndexPass.RunAsync(requests, admin.Value.ReindexTimeout, cancellationToken);
        if (report is null)
        {
            return PushOutcome.Failed(id, failure!);
        }

        if (report.Skipped.TryGetValue(id, out var skipped))
        {
            return PushOutcome.Failed(id, new PushFailure(PushFailureKind.NotIndexable, "Document not indexed", skipped.Reason));
        }

        var indexed = catalog.Get(id)?.Document;
        return indexed is null
            ? PushOutcome.Failed(id, new PushFailure(
                PushFailureKind.Unavailable,
                "Document not indexed yet",
                "The indexing pass finished without the document; it is stored and the next pass indexes it."))
            : new PushOutcome(id, PushStatus.Indexed, replaced, indexed);
    }

    /// <summary>Removes a pushed document and, when <paramref name="wait"/>, runs the pass that drops it from the index.</summary>
    public async Task<PushOutcome> DeleteAsync(string id, bool wait, CancellationToken cancellationToken)
    {
        if (cluster is not null)
        {
            return await DeleteFromClusterAsync(id, wait, cancellationToken);
        }

        if (!store.Contains(id))
        {
            return PushOutcome.Failed(id, catalog.Get(id) is null ? NotFound(id) : FolderDocument(id));
        }

        store.Delete(id);
        if (!wait)
        {
            _ = requests.RequestAsync(CancellationToken.None);
            return new PushOutcome(id, PushStatus.Pending);
        }

        var (report, failure) = await IndexPass.RunAsync(requests, admin.Value.ReindexTimeout, cancellationToken);
        return report is null ? PushOutcome.Failed(id, failure!) : new PushOutcome(id, PushStatus.Deleted);
    }

    private async Task<PushOutcome> PutToClusterAsync(string id, PushedDocument document, bool wait, CancellationToken cancellationToken)
    {
        try
        {
            var (status, replaced, indexed) = await cluster!.Put(id, document, wait, admin.Value.ReindexTimeout, cancellationToken);
            return status switch
            {
                ShardPushStatus.FolderDocument => PushOutcome.Failed(id, FolderDocument(id)),
                ShardPushStatus.Pending => new PushOutcome(id, PushStatus.Pending, replaced),
                _ when indexed is null => PushOutcome.Failed(id, NotIndexedYet()),
                _ => new PushOutcome(id, PushStatus.Indexed, replaced, indexed),
            };
        }
        catch (Exception ex) when (ex is TimeoutException or Orleans.Runtime.OrleansException)
        {
            return PushOutcome.Failed(id, ShardUnavailable(ex));
        }
    }

    private async Task<PushOutcome> DeleteFromClusterAsync(string id, bool wait, CancellationToken cancellationToken)
    {
        try
        {
            return await cluster!.Remove(id, wait, admin.Value.ReindexTimeout, cancellationToken) switch
            {
                ShardPushStatus.NotFound => PushOutcome.Failed(id, NotFound(id)),
                ShardPushStatus.FolderDocument => PushOutcome.Failed(id, FolderDocument(id)),
                ShardPushStatus.Pending => new PushOutcome(id, PushStatus.Pending),
                _ => new PushOutcome(id, PushStatus.Deleted),
            };
        }
        catch (Exception ex) when (ex is TimeoutException or Orleans.Runtime.OrleansException)
        {
            return PushOutcome.Failed(id, ShardUnavailable(ex));
        }
    }

    private static PushFailure NotIndexedYet() => new(
        PushFailureKind.Unavailable,
        "Document not indexed yet",
        "The indexing pass finished without the document; it is stored and the next pass indexes it.");

    private PushFailure ShardUnavailable(Exception ex) => new(
        PushFailureKind.Unavailable,
        "Indexing did not finish",
        ex is TimeoutException
            ? $"The document's shard did not finish within {admin.Value.ReindexTimeout}; a document it stored is still indexed when it can. /health/ready says which shards are rebuilding."
            : "The document's shard could not be reached (its node may have left the cluster; it re-activates on another). Retry shortly.");

    private static string Shorten(string text) => text.Length > 100 ? text[..100] + "…" : text;

    private static PushFailure FolderDocument(string id) => new(
        PushFailureKind.FolderDocument,
        "Document comes from the sources folder",
        $"'{Shorten(id)}' is a file of the sources folder, not a pushed document; change the file, or DELETE /admin/documents/{{id}} to move it to the trash.");

    private static PushFailure NotFound(string id) => new(
        PushFailureKind.NotFound,
        "Document not found",
        $"No pushed document has the id '{Shorten(id)}'. GET /documents (gRPC: ListDocuments) lists the indexed ones.");
}
