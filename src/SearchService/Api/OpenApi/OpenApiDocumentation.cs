using Microsoft.AspNetCore.OpenApi;

namespace SearchService.Api.OpenApi;

public static class OpenApiDocumentation
{
    /// <summary>The transformers that make the served document (/openapi/v1.json) worth generating a client from.</summary>
    public static OpenApiOptions AddSearchServiceDocumentation(this OpenApiOptions options)
    {
        options.AddDocumentTransformer<DocumentDocumentation>();
        options.AddOperationTransformer<OperationDocumentation>();
        options.AddSchemaTransformer<SchemaDocumentation>();
        return options;
    }
}
