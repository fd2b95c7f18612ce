using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SearchService.Engine.Pushing;
using SearchService.Push;

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
        DocumentPusher pusher,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        if (await pusher.CheckTargetAsync(id, cancellationToken) is { } target)
        {
            return Failure(target);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var document = await ReadDocumentAsync(request, pusher.MaxDocumentBytes, json.Value, errors, cancellationToken);
        if (document is null)
        {
            return TypedResults.ValidationProblem(errors, title: PushFailure.InvalidTitle);
        }

        var outcome = await pusher.PutAsync(id, document, wait ?? true, cancellationToken);
        if (outcome.Failure is { } failure)
        {
            return Failure(failure);
        }

        if (outcome.Status == PushStatus.Pending)
        {
            return TypedResults.Accepted($"/documents/{id}", new PushAccepted(id, outcome.Replaced, "pending"));
        }

        var result = new PushedDocumentResult(id, outcome.Replaced, outcome.Document!.PassageCount, outcome.Document);
        return outcome.Replaced ? TypedResults.Ok(result) : TypedResults.Created($"/documents/{id}", result);
    }

    private static async Task<Results<NoContent, Accepted, ProblemHttpResult>> DeleteDocument(
        string id,
        bool? wait,
        DocumentPusher pusher,
        CancellationToken cancellationToken)
    {
        var outcome = await pusher.DeleteAsync(id, wait ?? true, cancellationToken);
        if (outcome.Failure is { } failure)
        {
            return PushProblems.Of(failure);
        }

        return outcome.Status == PushStatus.Pending ? TypedResults.Accepted($"/documents/{id}") : TypedResults.NoContent();
    }

    private static Results<Created<PushedDocumentResult>, Ok<PushedDocumentResult>, Accepted<PushAccepted>, ValidationProblem, ProblemHttpResult> Failure(PushFailure failure) =>
        failure.Errors is { } errors
            ? TypedResults.ValidationProblem(errors, title: failure.Title)
            : PushProblems.Of(failure);

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

    private static string Shorten(string text) => text.Length > 100 ? text[..100] + "…" : text;
}
