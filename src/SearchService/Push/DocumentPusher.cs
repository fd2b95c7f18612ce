using Microsoft.Extensions.Options;
using SearchService.Engine;
using SearchService.Engine.Indexing;
using SearchService.Engine.Pushing;
using SearchService.Engine.Retrieval;

namespace SearchService.Push;

/// <summary>
/// Push ingestion behind both transports (HTTP <c>PUT/DELETE /documents/{id}</c>, gRPC <c>PutDocument</c> and
/// <c>DeleteDocument</c>): the document is stored in the pushed folder and indexed like a file of the sources folder.
/// Each transport reads and checks its own request shape with <see cref="PushValidation"/>, then calls this, so the
/// rules, the order of the checks and the messages are the same whichever way a document arrives.
/// </summary>
public sealed class DocumentPusher(
    PushedStore store, DocumentCatalog catalog, ReindexRequests requests, IOptions<AdminOptions> admin, IOptions<SearchOptions> search)
{
    /// <summary>The largest document a push accepts (<c>Search:Admin:MaxDocumentBytes</c>).</summary>
    public long MaxDocumentBytes => admin.Value.MaxDocumentBytes;

    /// <summary>
    /// Whether <paramref name="id"/> may be pushed to: a valid id that is not a document of the sources folder.
    /// Checked before the body is read, as HTTP does: a bad id is reported alone.
    /// </summary>
    public PushFailure? CheckTarget(string id)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        PushValidation.CheckId(id, errors);
        if (errors.Count > 0)
        {
            return PushFailure.Invalid(errors);
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
