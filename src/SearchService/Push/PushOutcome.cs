using SearchService.Engine.Retrieval;

namespace SearchService.Push;

/// <summary>What a push or delete came to, whichever transport asked: HTTP and gRPC each word it in their own terms.</summary>
public enum PushStatus
{
    /// <summary>Stored and indexed: searchable when the call returns.</summary>
    Indexed,

    /// <summary>Stored (or removed) without waiting: the next indexing pass picks it up.</summary>
    Pending,

    /// <summary>Removed from the pushed folder and the index.</summary>
    Deleted,

    /// <summary>Nothing was done, or the pass did not index it: see <see cref="PushOutcome.Failure"/>.</summary>
    Failed,
}

/// <summary>Why a push or delete failed. HTTP answers the problem status named on each kind, gRPC the status code.</summary>
public enum PushFailureKind
{
    /// <summary>Bad id or body, by field (HTTP 400 validation problem, gRPC INVALID_ARGUMENT).</summary>
    Invalid,

    /// <summary>No pushed document has the id (HTTP 404, gRPC NOT_FOUND).</summary>
    NotFound,

    /// <summary>The id is a document of the sources folder, which push never touches (HTTP 409, gRPC FAILED_PRECONDITION).</summary>
    FolderDocument,

    /// <summary>The document is over a size limit (HTTP 413, gRPC RESOURCE_EXHAUSTED).</summary>
    TooLarge,

    /// <summary>Stored, but the indexing pass could not index it (HTTP 422, gRPC INVALID_ARGUMENT).</summary>
    NotIndexable,

    /// <summary>The indexing pass stalled, timed out or finished without the document (HTTP 503, gRPC UNAVAILABLE).</summary>
    Unavailable,

    /// <summary>The indexing pass failed (HTTP 500, gRPC INTERNAL).</summary>
    Failed,
}

/// <summary>A failure in transport-neutral terms: <paramref name="Errors"/> (by field name) is set for <see cref="PushFailureKind.Invalid"/>.</summary>
public sealed record PushFailure(PushFailureKind Kind, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public const string InvalidTitle = "Invalid document";

    public static PushFailure Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(PushFailureKind.Invalid, InvalidTitle, "One or more fields are invalid.", errors);
}

/// <summary>
/// The result of a push or delete. <paramref name="Document"/> is the document as indexed (status
/// <see cref="PushStatus.Indexed"/>); <paramref name="Failure"/> is set when the status is <see cref="PushStatus.Failed"/>.
/// </summary>
public sealed record PushOutcome(string DocumentId, PushStatus Status, bool Replaced = false, DocumentSummary? Document = null, PushFailure? Failure = null)
{
    public static PushOutcome Failed(string documentId, PushFailure failure) => new(documentId, PushStatus.Failed, Failure: failure);
}
