using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using SearchService.Engine.Answers;
using SearchService.Engine.Facets;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Pushing;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Sorting;
using SearchService.Engine.Suggest;

namespace SearchService.Api.OpenApi;

/// <summary>
/// The query parameters of each operation (by operation id), as the OpenAPI document states them. The same entries
/// describe the JSON body fields of the same name (POST /search, POST /ask). Values come from the validators'
/// constants, so a changed limit changes the document.
/// </summary>
public static class ApiParameterDocs
{
    private static readonly string[] Modes = ["hybrid", "lexical", "semantic", "learned"];

    private static readonly ParameterDoc Query = new(
        "q", JsonSchemaType.String, $"The query text, 1-{SearchRequestValidator.MaxQueryLength} characters.",
        Required: true, MinLength: 1, MaxLength: SearchRequestValidator.MaxQueryLength);

    private static readonly ParameterDoc Mode = new(
        "mode", JsonSchemaType.String,
        "How passages are retrieved: hybrid (default; BM25 fused with the semantic signals), lexical (BM25), semantic " +
        "(vectors only; 503 while they are being built) or learned (re-ranked by the model of Search:Ranker:ModelPath; 400 when none is configured).",
        Enum: Modes, Default: "hybrid");

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterDoc>> ByOperation = new Dictionary<string, IReadOnlyList<ParameterDoc>>(StringComparer.Ordinal)
    {
        ["Search"] =
        [
            Query,
            new("k", JsonSchemaType.Integer, $"Results per page, 1-{SearchRequestValidator.MaxK}.", Format: "int32", Default: 10, Minimum: "1", Maximum: SearchRequestValidator.MaxK.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("offset", JsonSchemaType.Integer, $"Results to skip (paging); offset + k must not exceed {SearchRequestValidator.MaxWindow}.", Format: "int32", Default: 0, Minimum: "0", Maximum: (SearchRequestValidator.MaxWindow - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Mode,
            new("syntax", JsonSchemaType.String, "plain (default): words only, nothing fails to parse; lucene: phrases, AND/OR/NOT, field:term, wildcards (malformed input is a 400).", Enum: ["plain", "lucene"], Default: "plain"),
            new("explain", JsonSchemaType.Boolean, "true adds each hit's lexical, semantic and fused scores and ranks.", Default: false),
            new("documentId", JsonSchemaType.String, "Only passages of these documents (repeatable: documentId=a&documentId=b).", Repeatable: true),
            new("kind", JsonSchemaType.String, "Only passages of these kinds (repeatable, or comma-separated).", Enum: CamelCaseNames<PassageKind>(), Repeatable: true),
            new("publishedFrom", JsonSchemaType.String, "Only passages of documents published on or after this day (yyyy-MM-dd); undated documents are then excluded.", Format: "date"),
            new("publishedTo", JsonSchemaType.String, "Only passages of documents published on or before this day (yyyy-MM-dd); undated documents are then excluded.", Format: "date"),
            new("facets", JsonSchemaType.String, "Fields to count over every match of the query and filters, returned in facets (comma-separated or repeatable).", Enum: CamelCaseNames<FacetField>(), CommaSeparated: true),
            new("sort", JsonSchemaType.String, "relevance (default), date (oldest first) or -date (newest first); passages of one date keep relevance order.", Enum: [.. SortOrders.Names], Default: "relevance"),
        ],
        ["Ask"] =
        [
            Query with { Description = $"The question, 1-{SearchRequestValidator.MaxQueryLength} characters." },
            new("k", JsonSchemaType.Integer, $"Passages to read for the answer, 1-{SearchRequestValidator.MaxK}.", Format: "int32", Default: AskDefaults.Passages, Minimum: "1", Maximum: SearchRequestValidator.MaxK.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Mode,
        ],
        ["Suggest"] =
        [
            new("q", JsonSchemaType.String, $"What has been typed so far, 1-{SuggestRequest.MaxQueryLength} characters; its last word is completed.", Required: true, MinLength: 1, MaxLength: SuggestRequest.MaxQueryLength),
            new("k", JsonSchemaType.Integer, $"How many suggestions, 1-{SuggestRequest.MaxK}.", Format: "int32", Default: SuggestRequest.DefaultK, Minimum: "1", Maximum: SuggestRequest.MaxK.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ],
        ["PutDocument"] = [Wait("searchable")],
        ["DeletePushedDocument"] = [Wait("gone from search")],
    };

    /// <summary>Body types whose fields are the query parameters of an operation.</summary>
    public static readonly IReadOnlyDictionary<Type, string> BodyOperations = new Dictionary<Type, string>
    {
        [typeof(SearchInput)] = "Search",
        [typeof(AskBody)] = "Ask",
    };

    /// <summary>Path parameters by name.</summary>
    public static readonly IReadOnlyDictionary<string, ParameterDoc> PathParameters = new Dictionary<string, ParameterDoc>(StringComparer.Ordinal)
    {
        ["id"] = new("id", JsonSchemaType.String, $"A document id. A pushed document's id is {PushedDocumentId.Rule}.", Required: true, MinLength: 1),
    };

    /// <summary>The id of a document pushed over the API: the pattern its PUT enforces.</summary>
    public static readonly ParameterDoc PushedId = new(
        "id", JsonSchemaType.String, $"The document's id: {PushedDocumentId.Rule}.", Required: true,
        MinLength: 1, MaxLength: PushedDocumentId.MaxLength, Pattern: PushedDocumentId.Pattern);

    private static string[] CamelCaseNames<T>()
        where T : struct, Enum => Enum.GetNames<T>().Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName).ToArray();

    private static ParameterDoc Wait(string what) => new(
        "wait", JsonSchemaType.Boolean,
        $"true (default): answer once the change is {what} (200/201/204); false: answer 202 at once, the next indexing pass applies it.",
        Default: true);
}
