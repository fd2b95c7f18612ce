using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace SearchService.Api.ResponseJson;

/// <summary>
/// <c>TypedResults.Ok(value)</c> for the hot responses, written by <see cref="ResponseJsonWriter"/>: the same status,
/// content type, bytes and endpoint metadata (a 200 producing <typeparamref name="TValue"/> as application/json, which
/// the OpenAPI document reads), without the reflection serializer's streaming path.
/// </summary>
public sealed class JsonOk<TValue> : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<TValue>, IContentTypeHttpResult
{
    private readonly Func<ResponseJsonWriter, JsonTypeInfo<TValue>> _type;

    internal JsonOk(TValue value, Func<ResponseJsonWriter, JsonTypeInfo<TValue>> type)
    {
        Value = value;
        _type = type;
    }

    public TValue Value { get; }

    object? IValueHttpResult.Value => Value;

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => ResponseJsonWriter.ContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var json = httpContext.RequestServices.GetRequiredService<ResponseJsonWriter>();
        return json.WriteAsync(httpContext, Value, _type(json));
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TValue), ["application/json"]));
}

/// <summary>The <see cref="JsonOk{TValue}"/> of each hot response.</summary>
public static class ApiResults
{
    public static JsonOk<Engine.Retrieval.SearchResponse> Ok(Engine.Retrieval.SearchResponse value) => new(value, json => json.SearchResponse);

    public static JsonOk<Engine.Answers.AskResponse> Ok(Engine.Answers.AskResponse value) => new(value, json => json.AskResponse);

    public static JsonOk<Engine.Suggest.SuggestResponse> Ok(Engine.Suggest.SuggestResponse value) => new(value, json => json.SuggestResponse);
}
