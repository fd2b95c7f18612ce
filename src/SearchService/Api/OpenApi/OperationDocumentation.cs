using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using SearchService.Push;

namespace SearchService.Api.OpenApi;

/// <summary>
/// Completes each operation for client generators: typed query parameters (<see cref="ApiParameterDocs"/>), the
/// pushed-document body, the API key requirement, and every problem response the pipeline can produce (400 for bad
/// input, 401 without the key, 404 for an unknown id, 413/415 for bodies, 429 when the search limit is full, 503
/// while the index or vectors are not ready), each with its ProblemDetails schema.
/// </summary>
internal sealed class OperationDocumentation : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? "GET";
        var id = operation.OperationId ?? "";
        var isPush = id == "PutDocument";

        DescribeParameters(operation, id, isPush || id == "DeletePushedDocument");
        if (isPush)
        {
            operation.RequestBody = await PushBodyAsync(context, cancellationToken);
        }

        var problem = await ComponentAsync(context, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), "ProblemDetails", cancellationToken);
        var validation = await ComponentAsync(context, typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails), "HttpValidationProblemDetails", cancellationToken);
        operation.Responses ??= [];
        var hasInput = operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true || operation.RequestBody is not null;
        if (hasInput)
        {
            AddProblem(operation, "400", "The request is invalid: errors names each parameter or field.", validation);
        }

        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Path) == true && method != "PUT")
        {
            AddProblem(operation, "404", "No document has this id.", problem);
        }

        if (operation.RequestBody is not null)
        {
            AddProblem(operation, "413", "The request body is larger than the configured limit.", problem);
            AddProblem(operation, "415", "The request body's Content-Type is not one the operation accepts.", problem);
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            AddProblem(operation, "429", "Too many searches are running or waiting; retry after the Retry-After header's seconds.", problem);
            AddProblem(operation, "503", "The index is not ready yet, or semantic retrieval was asked for while its vectors are being built (Retry-After).", problem);
        }

        if (metadata.OfType<ApiKeyFilter>().Any() || operation.Responses.ContainsKey("401"))
        {
            AddProblem(operation, "401", $"The {ApiKeyFilter.HeaderName} header is missing or wrong.", problem);
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(DocumentDocumentation.ApiKeyScheme, context.Document)] = [] }];
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is OpenApiResponse { Description: null or "" } described)
            {
                described.Description = status;
            }
        }
    }

    private static void DescribeParameters(OpenApiOperation operation, string operationId, bool pushedId)
    {
        var declared = ApiParameterDocs.ByOperation.GetValueOrDefault(operationId) ?? [];
        var parameters = new List<IOpenApiParameter>();
        foreach (var existing in operation.Parameters ?? [])
        {
            if (existing.In == ParameterLocation.Path && existing.Name is { } name
                && (pushedId ? ApiParameterDocs.PushedId : ApiParameterDocs.PathParameters.GetValueOrDefault(name)) is { } path)
            {
                parameters.Add(path.ToParameter(ParameterLocation.Path));
            }
            else if (existing.In != ParameterLocation.Query || declared.All(d => !string.Equals(d.Name, existing.Name, StringComparison.OrdinalIgnoreCase)))
            {
                parameters.Add(existing);
            }
        }

        // The declared query parameters replace whatever binding inferred (strings), and add those read by hand.
        parameters.AddRange(declared.Select(d => d.ToParameter()));
        operation.Parameters = parameters;
    }

    private static async Task<OpenApiRequestBody> PushBodyAsync(OpenApiOperationTransformerContext context, CancellationToken cancellationToken) => new()
    {
        Required = true,
        Description = "The document as JSON, or its raw text (UTF-8), whose title, date and publisher are then read from the text.",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new() { Schema = await ComponentAsync(context, typeof(PushBody), nameof(PushBody), cancellationToken) },
            ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 } },
        },
    };

    /// <summary>A reference to the type's schema in components, registering it there first if no endpoint did.</summary>
    private static async Task<IOpenApiSchema> ComponentAsync(OpenApiOperationTransformerContext context, Type type, string id, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("The operation has no document.");
        if (document.Components?.Schemas?.ContainsKey(id) != true)
        {
            document.AddComponent(id, await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken));
        }

        return new OpenApiSchemaReference(id, document);
    }

    private static void AddProblem(OpenApiOperation operation, string status, string description, IOpenApiSchema schema)
    {
        var content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } };
        if (operation.Responses!.TryGetValue(status, out var existing) && existing is OpenApiResponse response)
        {
            response.Description = description;
            response.Content ??= content;
            if (response.Content.Count == 0)
            {
                response.Content = content;
            }

            return;
        }

        operation.Responses[status] = new OpenApiResponse { Description = description, Content = content };
    }
}
