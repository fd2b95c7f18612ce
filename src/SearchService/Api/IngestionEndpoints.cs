using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SearchService.Engine;
using SearchService.Engine.Indexing;
using SearchService.Engine.Pushing;
using SearchService.Engine.Retrieval;
using SearchService.Hosting;

namespace SearchService.Api;

/// <summary>
/// Push ingestion: <c>PUT /documents/{id}</c> stores a document in the pushed folder and indexes it like a file of the
/// sources folder; <c>DELETE /documents/{id}</c> removes it. Like /admin, mapped only when <c>Search:Admin:ApiKey</c>
/// is set, and every call needs that key. By default the call returns once the document is searchable (or gone);
/// <c>wait=false</c> returns 202 at once and the next indexing pass picks the change up.
/// </summary>
public static class IngestionEndpoints
{
    public static IEndpointRouteBuilder MapIngestionEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value;
        if (!admin.Enabled)
        {
            return app;
        }

        var group = app.MapGroup("/documents")
            .WithTags("Ingestion")
            .AddEndpointFilter(new ApiKeyFilter(admin.ApiKey!))
            .AddEndpointFilter(new UnknownParameterFilter(["wait"]))
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPut("/{id}", PutDocument)
            .WithName("PutDocument")
            .WithSummary("Adds or replaces a document pushed over the API, indexed like a source file. Needs the X-Api-Key header.")
            .WithDescription(
                "Body: JSON {title, text, published?, url?, publisher?} (Content-Type: application/json), or the raw text " +
                "(Content-Type: text/plain; UTF-8), whose title, date and publisher are read from the text as for a file in the " +
                "sources folder. Citations' charStart/charEnd are offsets into the text as uploaded, and GET /documents/{id} " +
                "returns it. Pushed documents survive restarts and folder rescans; an id used by a file of the sources folder is a 409.")
            // No Accepts metadata: routing would turn another content type into a 404 before the key is checked. The
            // request body is described by OpenApiDescriptions instead, and the handler answers 415.
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapDelete("/{id}", DeleteDocument)
            .WithName("DeletePushedDocument")
            .WithSummary("Removes a document pushed over the API from the pushed folder and the index. Needs the X-Api-Key header.")
            .WithDescription("Only pushed documents: a document of the sources folder is a 409 (DELETE /admin/documents/{id} moves its file to the trash).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        return app;
    }

    private static async Task<Results<Created<PushedDocumentResult>, Ok<PushedDocumentResult>, Accepted<PushAccepted>, ValidationProblem, ProblemHttpResult>> PutDocument(
        string id,
        bool? wait,
        HttpRequest request,
        PushedStore store,
        DocumentCatalog catalog,
        ReindexRequests requests,
        IOptions<AdminOptions> admin,
        IOptions<SearchOptions> search,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        PushValidation.CheckId(id, errors);
        var waitForIndex = wait ?? true;
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid document");
        }

        if (!store.Contains(id) && catalog.Get(id) is { } folderDocument && !PushedStore.IsPushed(ToMetadata(folderDocument.Document)))
        {
            return FolderDocument(id);
        }

        var document = await ReadDocumentAsync(request, admin.Value.MaxDocumentBytes, json.Value, errors, cancellationToken);
        if (document is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid document");
        }

        var bytes = document.ToJsonBytes();
        if (bytes.LongLength > search.Value.MaxFileBytes)
        {
            return TooLarge($"The stored document would be {bytes.LongLength} bytes; Search:MaxFileBytes allows {search.Value.MaxFileBytes}.");
        }

        var replaced = store.Save(id, bytes);
        if (!waitForIndex)
        {
            _ = requests.RequestAsync(CancellationToken.None);
            return TypedResults.Accepted($"/documents/{id}", new PushAccepted(id, replaced, "pending"));
        }

        var (report, problem) = await AdminEndpoints.RunPassAsync(requests, admin.Value, cancellationToken);
        if (report is null)
        {
            return problem!;
        }

        if (report.Skipped.TryGetValue(id, out var skipped))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Document not indexed", detail: skipped.Reason);
        }

        var indexed = catalog.Get(id)?.Document;
        if (indexed is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Document not indexed yet", detail: "The indexing pass finished without the document; it is stored and the next pass indexes it.");
        }

        var result = new PushedDocumentResult(id, replaced, indexed.PassageCount, indexed);
        return replaced ? TypedResults.Ok(result) : TypedResults.Created($"/documents/{id}", result);
    }

    private static async Task<Results<NoContent, Accepted, ProblemHttpResult>> DeleteDocument(
        string id,
        bool? wait,
        PushedStore store,
        DocumentCatalog catalog,
        ReindexRequests requests,
        IOptions<AdminOptions> admin,
        CancellationToken cancellationToken)
    {
        var waitForIndex = wait ?? true;
        if (!store.Contains(id))
        {
            return catalog.Get(id) is null ? NotFound(id) : FolderDocument(id);
        }

        store.Delete(id);
        if (!waitForIndex)
        {
            _ = requests.RequestAsync(CancellationToken.None);
            return TypedResults.Accepted($"/documents/{id}");
        }

        var (report, problem) = await AdminEndpoints.RunPassAsync(requests, admin.Value, cancellationToken);
        return report is null ? problem! : TypedResults.NoContent();
    }

    /// <summary>The body as a document: JSON or raw UTF-8 text, at most <paramref name="maxBytes"/> (413 beyond, 415 for another type).</summary>
    private static async Task<PushedDocument?> ReadDocumentAsync(
        HttpRequest request, long maxBytes, JsonOptions json, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        // Raised only here, after the key was checked: an anonymous caller never gets past the service-wide limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength > maxBytes)
        {
            throw new BadHttpRequestException($"The document is {request.ContentLength} bytes; Search:Admin:MaxDocumentBytes allows {maxBytes}.", StatusCodes.Status413PayloadTooLarge);
        }

        if (request.HasJsonContentType())
        {
            var (body, bodyErrors) = await JsonBody.ReadAsync<PushBody>(request, json.SerializerOptions, PushBody.FieldNames, "title, text, url, publisher and published (an ISO 8601 date)", "none", cancellationToken);
            if (body is null)
            {
                foreach (var (field, messages) in bodyErrors!)
                {
                    errors[field] = messages;
                }

                return null;
            }

            return PushValidation.Check(body, errors);
        }

        if (!IsPlainText(request.ContentType))
        {
            throw new BadHttpRequestException(
                $"Send the document as JSON (Content-Type: application/json) or as raw text (Content-Type: text/plain); it was {(string.IsNullOrEmpty(request.ContentType) ? "missing" : "'" + Shorten(request.ContentType) + "'")}.",
                StatusCodes.Status415UnsupportedMediaType);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return PushValidation.CheckText(buffer.ToArray(), request.ContentType, errors);
    }

    private static bool IsPlainText(string? contentType) =>
        System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType, "text/plain", StringComparison.OrdinalIgnoreCase);

    private static Engine.Ingestion.DocumentMetadata ToMetadata(DocumentSummary summary) =>
        new(summary.DocumentId, summary.Title, summary.Published, summary.Publisher, summary.Url, summary.Byline, summary.SourcePath);

    private static string Shorten(string text) => text.Length > 100 ? text[..100] + "…" : text;

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large", detail: detail);

    private static ProblemHttpResult FolderDocument(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Document comes from the sources folder",
        detail: $"'{Shorten(id)}' is a file of the sources folder, not a pushed document; change the file, or DELETE /admin/documents/{{id}} to move it to the trash.");

    private static ProblemHttpResult NotFound(string id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Document not found",
        detail: $"No pushed document has the id '{Shorten(id)}'. GET /documents lists the indexed ones.");
}
