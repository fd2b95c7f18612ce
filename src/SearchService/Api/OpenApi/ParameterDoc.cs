using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace SearchService.Api.OpenApi;

/// <summary>
/// How one query parameter (or the body field of the same name) is described: its JSON type, whether it is required,
/// its allowed values, default and range. The endpoints bind parameters as strings (so a malformed one is a 400 that
/// names it); this is what a client generator should see instead.
/// </summary>
public sealed record ParameterDoc(
    string Name,
    JsonSchemaType Type,
    string Description,
    bool Required = false,
    string? Format = null,
    IReadOnlyList<string>? Enum = null,
    JsonNode? Default = null,
    string? Minimum = null,
    string? Maximum = null,
    int? MinLength = null,
    int? MaxLength = null,
    string? Pattern = null,
    bool Repeatable = false,
    bool CommaSeparated = false)
{
    /// <summary>The schema of one value (the item schema of a repeatable or comma-separated parameter).</summary>
    public OpenApiSchema ValueSchema() => new()
    {
        Type = Type,
        Format = Format,
        Enum = Enum?.Select(v => (JsonNode)JsonValue.Create(v)!).ToList(),
        Minimum = Minimum,
        Maximum = Maximum,
        MinLength = MinLength,
        MaxLength = MaxLength,
        Pattern = Pattern,
        Default = Repeatable || CommaSeparated ? null : Default?.DeepClone(),
    };

    public OpenApiSchema Schema() => Repeatable || CommaSeparated
        ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = ValueSchema(), Default = Default?.DeepClone() }
        : ValueSchema();

    public OpenApiParameter ToParameter(ParameterLocation location = ParameterLocation.Query) => new()
    {
        Name = Name,
        In = location,
        Required = Required || location == ParameterLocation.Path,
        Description = Description,
        Schema = Schema(),

        // documentId=a&documentId=b (explode), facets=documentId,kind (form, not exploded).
        Style = Repeatable || CommaSeparated ? ParameterStyle.Form : null,
        Explode = Repeatable,
    };
}
