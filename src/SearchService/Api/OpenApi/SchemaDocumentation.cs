using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SearchService.Engine.Ingestion;
using SearchService.Push;

namespace SearchService.Api.OpenApi;

/// <summary>
/// Fixes what the schema generator infers from the JSON options: numbers are numbers (the web defaults also read
/// them from strings, which it types as <c>["integer","string"]</c> with a pattern), and request bodies require only
/// what the endpoint requires (a positional record's every parameter would be "required"), with the enums, defaults
/// and descriptions of the query parameters of the same name.
/// </summary>
internal sealed class SchemaDocumentation : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        var clrType = context.JsonTypeInfo.Type;
        if ((Nullable.GetUnderlyingType(clrType) ?? clrType).IsEnum && schema.Enum is { Count: > 0 })
        {
            // Enums are written as camelCase strings (JsonStringEnumConverter): say so, or generators make integer
            // enums. A default on the type itself is some property's default leaking (a record parameter's), not the type's.
            schema.Type = JsonSchemaType.String | (schema.Type & JsonSchemaType.Null ?? 0);
            schema.Default = null;
        }

        if (ApiParameterDocs.BodyOperations.TryGetValue(clrType, out var operationId))
        {
            DescribeFields(schema, ApiParameterDocs.ByOperation[operationId]);
        }
        else if (clrType == typeof(PushBody))
        {
            schema.Required = new HashSet<string>(
                clrType.GetProperties().Where(p => p.GetCustomAttribute<RequiredAttribute>() is not null).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)),
                StringComparer.Ordinal);
        }
        else if (clrType.GetProperties().Any(p => p.PropertyType == typeof(DocumentMetadata)))
        {
            DescribeFlatMetadata(schema);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Citation and DocumentSummary write their nested <see cref="DocumentMetadata"/>'s fields flat, through read-only
    /// properties, which the generator would type as optional and nullable: they are always written, and null only
    /// where the metadata record allows it (as when the records declared the fields themselves).
    /// </summary>
    private static void DescribeFlatMetadata(OpenApiSchema schema)
    {
        var nullability = new NullabilityInfoContext();
        var required = new HashSet<string>(schema.Required ?? new HashSet<string>(), StringComparer.Ordinal);
        foreach (var field in typeof(DocumentMetadata).GetProperties())
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(field.Name);
            if (schema.Properties?.TryGetValue(name, out var property) != true || property is not OpenApiSchema inline)
            {
                continue;
            }

            required.Add(name);
            if (nullability.Create(field).ReadState == NullabilityState.NotNull && inline.Type is { } type)
            {
                inline.Type = type & ~JsonSchemaType.Null;
            }
        }

        schema.Required = required;
    }

    private static void DescribeFields(OpenApiSchema schema, IReadOnlyList<ParameterDoc> fields)
    {
        schema.Required = new HashSet<string>(fields.Where(f => f.Required).Select(f => f.Name), StringComparer.Ordinal);
        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (property is not OpenApiSchema inline || fields.FirstOrDefault(f => f.Name == name) is not { } field)
            {
                continue;
            }

            var described = field.Schema();
            inline.Description = field.Description;
            inline.Enum = described.Enum;
            inline.Default = described.Default;
            inline.Minimum = described.Minimum;
            inline.Maximum = described.Maximum;
            inline.MinLength = described.MinLength;
            inline.MaxLength = described.MaxLength;
            if (field.Required && inline.Type is { } type)
            {
                inline.Type = type & ~JsonSchemaType.Null;
            }
        }
    }
}
