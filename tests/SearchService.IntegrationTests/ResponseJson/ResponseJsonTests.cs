using System.Buffers;
using System.Text.Json;
using CsCheck;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SearchService.Api;
using SearchService.Api.ResponseJson;
using SearchService.Engine.Answers;
using SearchService.Engine.Facets;
using SearchService.Engine.Filtering;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Suggest;

namespace SearchService.IntegrationTests.ResponseJson;

/// <summary>
/// The hot responses are written by generated code (<see cref="ResponseJsonWriter"/>) instead of the reflection
/// serializer behind <c>TypedResults.Ok</c>. Clients must not see the difference: for real answers of the seeds and
/// for hand-made ones covering every optional field, both serializers, configured with the service's own JSON
/// options, produce the same bytes.
/// </summary>
[Collection(SharedServiceCollection.Name)]
public sealed class ResponseJsonTests(ServiceFixture service)
{
    private JsonSerializerOptions ApiOptions => service.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    private ResponseJsonWriter Writer => service.Services.GetRequiredService<ResponseJsonWriter>();

    public static TheoryData<string, SearchMode, bool> Searches => new()
    {
        { "bamboo diplomacy", SearchMode.Lexical, false },
        { "bamboo diplomacy", SearchMode.Hybrid, true },
        { "đổi mới economic reform", SearchMode.Semantic, true },
        { "bambo diplomcy", SearchMode.Lexical, true },         // misspelled: didYouMean is set
        { "\"bold\" & <script> claims", SearchMode.Lexical, true }, // the markup source: escaped characters
        { "zzzz qqqq", SearchMode.Hybrid, false },               // nothing matches: empty results
    };

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task A_search_page_of_the_seeds_is_written_byte_for_byte_as_the_reflection_serializer_writes_it(string query, SearchMode mode, bool explain)
    {
        var front = service.Services.GetRequiredService<SearchFront>();
        var request = new SearchRequest(query, K: 20, Mode: mode, Explain: explain, Facets: [FacetField.DocumentId, FacetField.Kind, FacetField.Year]);

        var response = await front.Search(request, CancellationToken.None);

        AssertSameBytes(response, Writer.SearchResponse);
    }

    [Fact]
    public async Task A_filtered_date_sorted_page_is_written_as_the_reflection_serializer_writes_it()
    {
        var front = service.Services.GetRequiredService<SearchFront>();
        var request = new SearchRequest("Viet Nam", K: 5, Offset: 3, Mode: SearchMode.Lexical, Filter: new SearchFilter([], [PassageKind.Paragraph, PassageKind.Caption], new DateOnly(2000, 1, 1), null), Sort: Engine.Sorting.SortOrder.DateDescending);

        var response = await front.Search(request, CancellationToken.None);

        Assert.NotEmpty(response.Results);
        AssertSameBytes(response, Writer.SearchResponse);
    }

    [Theory]
    [InlineData("When did Viet Nam launch doi moi?")]
    [InlineData("doi moi")]
    [InlineData("What is the population of Ha Noi?")]
    public async Task An_answer_of_the_seeds_is_written_as_the_reflection_serializer_writes_it(string question)
    {
        var front = service.Services.GetRequiredService<SearchFront>();

        var response = await front.Ask(new SearchRequest(question, K: 10, Mode: SearchMode.Hybrid), CancellationToken.None);

        AssertSameBytes(response, Writer.AskResponse);
    }

    [Theory]
    [InlineData("bam")]
    [InlineData("viet n")]
    public async Task Suggestions_are_written_as_the_reflection_serializer_writes_them(string typed)
    {
        var front = service.Services.GetRequiredService<SearchFront>();

        var response = await front.Suggest(new SuggestRequest(typed), CancellationToken.None);

        Assert.NotEmpty(response.Suggestions);
        AssertSameBytes(response, Writer.SuggestResponse);
    }

    [Fact]
    public void Every_optional_field_set_or_absent_is_written_as_the_reflection_serializer_writes_it()
    {
        foreach (var response in HandMadeSearchResponses())
        {
            AssertSameBytes(response, Writer.SearchResponse);
        }

        foreach (var answer in new Answer?[] { null, Answer(alternatives: []), Answer(alternatives: [Alternative(null), Alternative(new DateTime(2019, 5, 1))]) })
        {
            AssertSameBytes(new AskResponse("Khi nào?", answer is not null, answer, answer is null ? "no sentence answers it" : null, 1.25, [Hit(1, null)]), Writer.AskResponse);
        }

        AssertSameBytes(new SuggestResponse([new Suggestion("bamboo", SuggestionKind.Term), new Suggestion("Bamboo diplomacy", SuggestionKind.Title, "doc-1")]), Writer.SuggestResponse);
        AssertSameBytes(new SuggestResponse([]), Writer.SuggestResponse);
    }

    [Fact]
    public void Any_text_and_score_is_written_as_the_reflection_serializer_writes_it()
    {
        // Every character class the encoder treats differently: controls, quotes, HTML, non-ASCII, surrogate pairs.
        var text = Gen.String[Gen.Char, 0, 40].Select(Gen.String[Gen.Char['\u0000', '\u00ff'], 0, 20], (any, latin) => any + latin);
        var score = Gen.Double.Where(double.IsFinite);
        Gen.Select(text, text, score, Gen.Int[0, 100]).Sample((words, title, value, rank) =>
        {
            var hit = Hit(rank, new HitScores(value, rank, null, null, value)) with { Text = words, Snippet = title };
            var response = new SearchResponse(words, rank, value, [hit], SearchMode.Hybrid, DidYouMean: title);
            return Outcome(() => Serialize(response, Writer.SearchResponse)) == Outcome(() => JsonSerializer.SerializeToUtf8Bytes(response, ApiOptions));
        }, iter: 2000);
    }

    [Fact]
    public void The_hot_responses_are_written_by_generated_code_not_reflection()
    {
        // Null would mean the generator gave up on a type (a property it cannot write directly): the service would
        // still answer correctly but fall back to the slower metadata-driven path, silently.
        Assert.NotNull(Writer.SearchResponse.SerializeHandler);
        Assert.NotNull(Writer.AskResponse.SerializeHandler);
        Assert.NotNull(Writer.SuggestResponse.SerializeHandler);
    }

    private void AssertSameBytes<T>(T response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var expected = System.Text.Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(response, ApiOptions));
        var actual = System.Text.Encoding.UTF8.GetString(Serialize(response, type));

        Assert.Equal(expected, actual);
    }

    /// <summary>The bytes, or the kind of failure: a lone surrogate is refused by both serializers alike.</summary>
    private static string Outcome(Func<byte[]> serialize)
    {
        try
        {
            return Convert.ToBase64String(serialize());
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return "throws " + ex.GetType().Name;
        }
    }

    private byte[] Serialize<T>(T response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var output = new ArrayBufferWriter<byte>();
        Writer.Write(output, response, type);
        return output.WrittenSpan.ToArray();
    }

    private static IEnumerable<SearchResponse> HandMadeSearchResponses()
    {
        var signals = new Dictionary<string, SignalScore>
        {
            ["lexical"] = new(7.25, 1, 0.5, 1),
            ["lsa"] = new(null, null, 0, 0.5),
        };
        var explained = new HitScores(7.25, 1, null, null, 0.0163934, new Dictionary<string, double> { ["bm25"] = 7.25, ["cosine"] = -0.0 }, new Dictionary<string, double> { ["bm25"] = 1e-9 })
        {
            Signals = signals,
        };
        var facets = new Dictionary<string, IReadOnlyList<FacetValue>>
        {
            ["documentId"] = [new FacetValue("doc-1", 3, "Ngoại giao cây tre")],
            ["year"] = [],
        };

        yield return new SearchResponse("q", 0, 0, []);
        yield return new SearchResponse("bamboo", 2, 0.123456789, [Hit(1, null), Hit(2, explained)], SearchMode.Learned, Degraded: true, Notes: ["degraded: semantic vectors are still being built (vectors 812/5000)"], Facets: facets, DidYouMean: "bamboo diplomacy");
        yield return new SearchResponse("bamboo", long.MaxValue, double.Epsilon, [Hit(1, new HitScores(null, null, 0.5, 3, 1.5))], SearchMode.Semantic) { Partial = true, MissingShards = [2, 5] };
        yield return new SearchResponse("bamboo", 1, 1e300, [Hit(1, null)], SearchMode.Hybrid) { Partial = false, MissingShards = [] };
    }

    private static SearchHit Hit(int rank, HitScores? scores)
    {
        var metadata = rank % 2 == 0
            ? new DocumentMetadata("doc-" + rank, "Ngoại giao \"cây tre\" <b>", new DateTime(2016, 12, 19, 0, 0, 0, DateTimeKind.Utc), "Báo Nhân Dân", "https://example.org/a?b=1&c=<2>", "Byline", "0" + rank + "_doc.txt")
            : new DocumentMetadata("doc-" + rank, "Untitled", null, null, null, null, "sub/doc.txt");
        var citation = new Citation(metadata, rank, rank % 2 == 0 ? "Section – one" : null, 10, 250, 3, 7);
        return new SearchHit(rank, 1.0 / (rank + 2), $"doc-{rank}#p{rank}", "Viet Nam's bamboo diplomacy 🎋 keeps firm roots\u2028and <flexible> branches & 'leaves'.\t\u0001", rank % 2 == 0 ? PassageKind.Caption : PassageKind.Question,
            "Viet Nam&#39;s <mark>bamboo</mark> diplomacy", [new Highlight(11, 17), new Highlight(18, 27)], citation, scores);
    }

    private static Answer Answer(IReadOnlyList<AnswerAlternative> alternatives)
    {
        var hit = Hit(2, null);
        return new Answer("In 1986.", hit.PassageId, 0.875, 4, 12, 100, 108, hit.Citation, alternatives, 2.0 / 3);
    }

    private static AnswerAlternative Alternative(DateTime? published)
    {
        var hit = Hit(3, null);
        return new AnswerAlternative("Earlier: 1985.", hit.PassageId, published, 0, 14, 5, 19, hit.Citation);
    }
}
