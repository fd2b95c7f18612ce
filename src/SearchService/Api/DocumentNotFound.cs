using Microsoft.AspNetCore.Http.HttpResults;

namespace SearchService.Api;

/// <summary>The one "document not found" answer of the HTTP API (404 problem details), wherever a document id is looked up.</summary>
internal static class DocumentNotFound
{
    public static ProblemHttpResult Problem(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Document not found",
        detail: $"No indexed document has the id '{Shorten(id)}'. GET /documents lists them.");

    /// <summary>An id as it may be echoed back: at most 100 characters.</summary>
    public static string Shorten(string id) => id.Length > 100 ? id[..100] + "…" : id;
}
