using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using SearchService.Hosting;

namespace SearchService.Api.OpenApi;

/// <summary>
/// The document-level parts: a title and description, the X-Api-Key security scheme the admin and ingestion
/// operations reference, and the health endpoints (mapped by the health-check middleware, which the endpoint
/// explorer does not see).
/// </summary>
internal sealed class DocumentDocumentation : IOpenApiDocumentTransformer
{
    public const string ApiKeyScheme = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "SearchService",
            Version = "v1",
            Description = "Full-text, semantic and hybrid search over your documents; every result cites the exact characters of its source. " +
                "Errors are RFC 7807 problem details; unknown query parameters are a 400.",
        };
        if (context.ApplicationServices.GetRequiredService<IOptions<AdminOptions>>().Value.Enabled)
        {
            // Only with a key configured: otherwise no operation needs one, and the document says nothing of admin.
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyFilter.HeaderName,
                Description = "The operator's key (Search:Admin:ApiKey), needed by the operations that change the index.",
            };
        }

        document.Paths ??= [];
        document.Paths["/health/live"] = Health("HealthLive", "Liveness: 200 while the process answers; runs no check.", ready: false);
        document.Paths["/health/ready"] = Health("HealthReady", "Readiness: 200 when the index is open and serving (Degraded still serves), 503 otherwise.", ready: true);
        return Task.CompletedTask;
    }

    private static OpenApiPathItem Health(string operationId, string summary, bool ready)
    {
        var responses = new OpenApiResponses { ["200"] = HealthResponse("Healthy or degraded: the service serves requests.") };
        if (ready)
        {
            responses["503"] = HealthResponse("Unhealthy: not serving yet (index opening or failed); the checks say why.");
        }

        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = operationId,
                    Summary = summary,
                    Tags = new HashSet<OpenApiTagReference> { new("Health") },
                    Responses = responses,
                },
            },
        };
    }

    private static OpenApiResponse HealthResponse(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = HealthReportSchema() } },
    };

    private static OpenApiSchema HealthReportSchema()
    {
        var statuses = new List<JsonNode> { "Healthy", "Degraded", "Unhealthy" };
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "status", "checks" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = statuses },
                ["checks"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Each check by name (index, vectors) with its status, a description and data.",
                    AdditionalProperties = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = statuses.Select(s => s.DeepClone()).ToList() },
                            ["description"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                            ["data"] = new OpenApiSchema { Type = JsonSchemaType.Object },
                        },
                    },
                },
            },
        };
    }
}
