using Microsoft.AspNetCore.Http.HttpResults;
using SearchService.Engine.Retrieval;

namespace SearchService.Api;

public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/documents").WithTags("Documents");

        group.MapGet("/", async (SearchFront front, CancellationToken cancellationToken) => TypedResults.Ok(await front.ListDocuments(cancellationToken)))
            .WithName("ListDocuments")
            .WithSummary("Every indexed source document with its metadata and passage count.");

        group.MapGet("/{id}", GetDocument)
            .WithName("GetDocument")
            .WithSummary("A document's metadata, raw text and passages, to open a citation in context.");

        return app;
    }

    private static async Task<Results<Ok<DocumentDetail>, ProblemHttpResult>> GetDocument(string id, SearchFront front, CancellationToken cancellationToken)
    {
        // The id is looked up in the index, never used as a path, so it cannot reach a file outside the sources.
        var document = await front.GetDocument(id, cancellationToken);
        return document is null ? DocumentNotFound.Problem(id) : TypedResults.Ok(document);
    }
}
