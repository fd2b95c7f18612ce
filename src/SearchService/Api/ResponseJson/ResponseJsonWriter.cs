using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SearchService.Engine.Answers;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Suggest;

namespace SearchService.Api.ResponseJson;

/// <summary>
/// Writes the hot responses with <see cref="ApiJsonContext"/>'s generated code, synchronously into the response's
/// pipe, then flushes once. <c>WriteAsJsonAsync</c> would serialize the same bytes through System.Text.Json's
/// streaming path, which for a search page (~19 KB, over its ~15 KB threshold for the generated fast path) falls
/// back to a resumable, converter-by-converter write. The bytes are the API's: the context is bound to a copy of the
/// configured HTTP JSON options (camelCase enum names, relaxed escaping), and the writer takes their encoder, depth and
/// indentation (ResponseJsonTests compare both serializers byte for byte).
/// </summary>
public sealed class ResponseJsonWriter
{
    /// <summary>What <c>TypedResults.Ok</c> sends.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    private readonly ApiJsonContext _context;
    private readonly JsonWriterOptions _writerOptions;

    public ResponseJsonWriter(JsonSerializerOptions apiOptions)
    {
        // The context takes over the copy's type resolution; every other setting (converters, encoder, naming) stays.
        _context = new ApiJsonContext(new JsonSerializerOptions(apiOptions));
        _writerOptions = new JsonWriterOptions
        {
            Encoder = apiOptions.Encoder,
            Indented = apiOptions.WriteIndented,
            IndentCharacter = apiOptions.IndentCharacter,
            IndentSize = apiOptions.IndentSize,
            NewLine = apiOptions.NewLine,
            MaxDepth = apiOptions.MaxDepth == 0 ? 64 : apiOptions.MaxDepth,
            // The serializer's own writers skip validation too: generated code only writes well-formed JSON.
            SkipValidation = true,
        };
    }

    public JsonTypeInfo<SearchResponse> SearchResponse => _context.SearchResponse;

    public JsonTypeInfo<AskResponse> AskResponse => _context.AskResponse;

    public JsonTypeInfo<SuggestResponse> SuggestResponse => _context.SuggestResponse;

    /// <summary>Writes <paramref name="value"/> as JSON to <paramref name="output"/>.</summary>
    public void Write<T>(IBufferWriter<byte> output, T value, JsonTypeInfo<T> type)
    {
        using var writer = new Utf8JsonWriter(output, _writerOptions);
        if (type.SerializeHandler is { } generated)
        {
            // Called directly: System.Text.Json itself only takes this path when the options carry no converters and
            // no custom encoder, and ours carry both — which the generated code honours, as enums are written through
            // their JsonTypeInfo (the options' converter) and strings through the writer (its encoder).
            generated(writer, value);
        }
        else
        {
            JsonSerializer.Serialize(writer, value, type);
        }
    }

    /// <summary>A 200 with <paramref name="value"/> as its JSON body, flushed once.</summary>
    public async Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        Write(response.BodyWriter, value, type);
        try
        {
            await response.BodyWriter.FlushAsync(context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away, as WriteAsJsonAsync treats it: nothing left to answer.
        }
    }
}
