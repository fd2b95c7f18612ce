using System.Text.Json;
using System.Text.Json.Serialization;
using SearchService.Engine.Answers;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Suggest;

namespace SearchService.Api.ResponseJson;

/// <summary>
/// Compile-time serialization code for the responses every search-type request writes (<c>/search</c>, <c>/ask</c>,
/// <c>/suggest</c>): the generator emits one method per type that writes its properties straight to a
/// <see cref="Utf8JsonWriter"/> (the "fast path"), where the reflection serializer walks a resumable write stack of
/// converters. It follows the records, so a property added to them is written without touching this file. The web
/// defaults give the names the API uses (camelCase); enum names and escaping come from the API's
/// <see cref="JsonSerializerOptions"/>, to which <see cref="ResponseJsonWriter"/> binds this context.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(AskResponse))]
[JsonSerializable(typeof(SuggestResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
