using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using SearchService.Grpc.V1;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests;

/// <summary>Every RPC of <c>searchservice.v1.SearchService</c> over a real HTTP/2 channel to Kestrel's Grpc endpoint.</summary>
public sealed class GrpcEndpointTests(ServiceFixture service) : IClassFixture<ServiceFixture>, IDisposable
{
    private const string Doc003 = "003_37e75ead3a9a6882";

    private readonly GrpcChannel _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{service.GrpcPort}");

    private SearchClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task Search_DoiMoi_ReturnsCitedPassagesFrom003WithDoiMoiHighlighted()
    {
        var response = await Client.SearchAsync(new SearchRequest { Q = "doi moi" });

        Assert.Equal("doi moi", response.Query);
        Assert.True(response.Total > 0);
        Assert.True(response.TookMs > 0, "tookMs carries the engine's measurement (a dropped field reads 0)");
        Assert.Equal(10, response.Results.Count);
        var top = response.Results[0];
        Assert.Equal(1, top.Rank);
        Assert.Equal(Doc003, top.Citation.Metadata.DocumentId);
        Assert.Equal($"{Doc003}#{top.Citation.Paragraph - 1}", top.PassageId);
        Assert.Equal("paragraph", top.Kind);
        Assert.Contains("<mark>đổi mới</mark>", top.Snippet, StringComparison.Ordinal);
        Assert.Equal("đổi mới", top.Text[top.Highlights[0].Start..top.Highlights[0].End]);
        Assert.Equal("2021-12-14T07:08:00", top.Citation.Metadata.Published);
        Assert.False(top.Citation.Metadata.HasPublisher);
        Assert.Null(top.Scores);
    }

    [Fact]
    public async Task ListDocuments_ReturnsTheSameDocumentsAsHttp()
    {
        var grpc = await Client.ListDocumentsAsync(new ListDocumentsRequest());
        var http = (await (await service.Http.GetAsync("/documents")).JsonAsync()).EnumerateArray().ToList();

        Assert.Equal(5 + ServiceFixture.MarkupSources.Count, grpc.Documents.Count);
        Assert.Equal(http.Count, grpc.Documents.Count);
        foreach (var (json, message) in http.Zip(grpc.Documents))
        {
            AssertSameSummary(json, message);
        }
    }

    [Fact]
    public async Task GetDocument_ReturnsTheSameDetailAsHttp()
    {
        var grpc = await Client.GetDocumentAsync(new GetDocumentRequest { Id = Doc003 });
        var http = await (await service.Http.GetAsync($"/documents/{Doc003}")).JsonAsync();

        AssertSameSummary(http.GetProperty("document"), grpc.Document);
        Assert.Equal(http.Str("rawText"), grpc.RawText);
        var passages = http.GetProperty("passages").EnumerateArray().ToList();
        Assert.Equal(grpc.Document.PassageCount, grpc.Passages.Count);
        Assert.Equal(passages.Count, grpc.Passages.Count);
        foreach (var (json, passage) in passages.Zip(grpc.Passages))
        {
            Assert.Equal(json.Str("passageId"), passage.PassageId);
            Assert.Equal(json.Str("documentId"), passage.DocumentId);
            Assert.Equal(json.Int("ordinal"), passage.Ordinal);
            Assert.Equal(json.Str("kind"), passage.Kind);
            Assert.Equal(json.Str("text"), passage.Text);
            Assert.Equal(json.OptStr("section"), passage.HasSection ? passage.Section : null);
            Assert.Equal(json.Int("charStart"), passage.CharStart);
            Assert.Equal(json.Int("charEnd"), passage.CharEnd);
            Assert.Equal(json.Int("lineStart"), passage.LineStart);
            Assert.Equal(json.Int("lineEnd"), passage.LineEnd);
            Assert.Equal(passage.Text, JsonShapes.Normalize(grpc.RawText[passage.CharStart..passage.CharEnd]));
        }

        Assert.Contains(grpc.Passages, p => p.Kind == "question");
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("../../etc/passwd")]
    [InlineData("")]
    public async Task GetDocument_UnknownId_IsNotFound(string id)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.GetDocumentAsync(new GetDocumentRequest { Id = id }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("No indexed document has the id", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStats_ReturnsTheSameStatsAsHttp()
    {
        var grpc = await Client.GetStatsAsync(new GetStatsRequest());
        var http = await (await service.Http.GetAsync("/stats")).JsonAsync();

        Assert.Equal(5 + ServiceFixture.MarkupSources.Count, grpc.Documents);
        Assert.Equal(http.GetProperty("documents").GetInt64(), grpc.Documents);
        Assert.Equal(http.GetProperty("passages").GetInt64(), grpc.Passages);
        Assert.Equal(http.GetProperty("indexSizeBytes").GetInt64(), grpc.IndexSizeBytes);
        Assert.Equal(http.Str("lastIndexedAt"), grpc.LastIndexedAt);
        Assert.True(grpc.HasLastIndexedAt);
        Assert.True(grpc.Ready);
    }

    [Fact]
    public async Task CitationAndDocumentSummary_CarryTheSameMetadataMessage_AndTheDeprecatedFlatFieldsMirrorIt()
    {
        var hit = (await Client.SearchAsync(new SearchRequest { Q = "doi moi", K = 1 })).Results.Single();
        var document = (await Client.GetDocumentAsync(new GetDocumentRequest { Id = hit.Citation.Metadata.DocumentId })).Document;

        Assert.Equal(Doc003, hit.Citation.Metadata.DocumentId);
        Assert.Equal(document.Metadata, hit.Citation.Metadata);
        Assert.True(document.Metadata.HasPublished);

        // Clients built before the metadata message read the flat fields: still filled, with the same values.
#pragma warning disable CS0612 // Obsolete: the deprecated fields are what this test is about.
        Assert.Equal(
            (document.Metadata.DocumentId, document.Metadata.Title, document.Metadata.Published, document.Metadata.HasPublisher, document.Metadata.HasUrl, document.Metadata.SourcePath),
            (hit.Citation.DocumentId, hit.Citation.Title, hit.Citation.Published, hit.Citation.HasPublisher, hit.Citation.HasUrl, hit.Citation.SourcePath));
        Assert.Equal(
            (document.Metadata.DocumentId, document.Metadata.Title, document.Metadata.Published, document.Metadata.HasByline, document.Metadata.Byline, document.Metadata.SourcePath),
            (document.DocumentId, document.Title, document.Published, document.HasByline, document.Byline, document.SourcePath));
#pragma warning restore CS0612
    }

    [Fact]
    public async Task PushRpcs_WithoutAConfiguredAdminKey_AreUnimplemented_AsTheHttpRoutesAreAbsent()
    {
        var headers = new Metadata { { "x-api-key", "anything" } };

        var put = await Assert.ThrowsAsync<RpcException>(() => Client.PutDocumentAsync(new PutDocumentRequest { Id = "nope", Title = "T", Text = "x" }, headers).ResponseAsync);
        var delete = await Assert.ThrowsAsync<RpcException>(() => Client.DeleteDocumentAsync(new DeleteDocumentRequest { Id = Doc003 }, headers).ResponseAsync);
        using var http = await service.Http.PutAsync("/documents/nope", new StringContent("x"));

        Assert.Equal(StatusCode.Unimplemented, put.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, delete.StatusCode);
        Assert.Contains(http.StatusCode, new[] { System.Net.HttpStatusCode.NotFound, System.Net.HttpStatusCode.MethodNotAllowed });
        Assert.Equal(System.Net.HttpStatusCode.OK, (await service.Http.GetAsync($"/documents/{Doc003}")).StatusCode);
    }

    public static TheoryData<string?, int?, int?, string?, string?, string> InvalidRequests => new()
    {
        // The HTTP cases of Search_InvalidParameter_Is400ProblemNamingTheParameter that a typed message can carry
        // ("k=ten" and "offset=x" cannot be sent: k and offset are int32), and the other rules of the validator.
        { null, null, null, null, null, "q" },
        { "", null, null, null, null, "q" },
        { "  ", null, null, null, null, "q" },
        { new string('a', 1001), null, null, null, null, "q" },
        { "a", 0, null, null, null, "k" },
        { "a", 101, null, null, null, "k" },
        { "a", -5, null, null, null, "k" },
        { "a", null, -1, null, null, "offset" },
        { "a", 100, 9950, null, null, "offset" },
        { "a", null, null, "vector", null, "mode" },
        { "a", null, null, null, "regex", "syntax" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Search_InvalidParameter_IsInvalidArgumentWithTheHttpProblemsMessage(string? q, int? k, int? offset, string? mode, string? syntax, string parameter)
    {
        var httpMessage = await HttpProblemMessageAsync(q, k, offset, mode, syntax, parameter);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.SearchAsync(Request(q, k, offset, mode, syntax)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal($"{parameter}: {httpMessage}", error.Status.Detail);
    }

    [Fact]
    public async Task Search_SeveralInvalidParameters_NamesEachOnItsOwnLine()
    {
        var http = (await (await service.Http.GetAsync("/search?q=a&k=0&mode=fast")).JsonAsync()).GetProperty("errors");

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.SearchAsync(new SearchRequest { Q = "a", K = 0, Mode = "fast" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            $"k: {http.GetProperty("k")[0].GetString()}\nmode: {http.GetProperty("mode")[0].GetString()}",
            error.Status.Detail);
        Assert.StartsWith("k: 'k' must be between 1 and 100; it was 0.\nmode: Unknown mode 'fast'", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_MalformedLuceneSyntax_IsInvalidArgumentWithTheParsersMessage()
    {
        var http = await (await service.Http.GetAsync("/search?syntax=lucene&q=" + Uri.EscapeDataString("AND (("))).JsonAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.SearchAsync(new SearchRequest { Q = "AND ((", Syntax = "lucene" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(http.GetProperty("errors").GetProperty("q")[0].GetString(), error.Status.Detail);
        Assert.Contains("Lucene syntax", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_LuceneSyntax_RunsPhrasesAndFields()
    {
        var response = await Client.SearchAsync(new SearchRequest { Q = "\"đổi mới\" AND title:diplomatic", Syntax = "lucene", Mode = "lexical" });

        Assert.NotEmpty(response.Results);
        Assert.All(response.Results, hit => Assert.Equal(Doc003, hit.Citation.Metadata.DocumentId));
    }

    [Fact]
    public async Task Search_AlreadyExpiredDeadline_IsDeadlineExceeded()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Client.SearchAsync(new SearchRequest { Q = "doi moi" }, deadline: DateTime.UtcNow.AddSeconds(-1)).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Ask_AnswersWithACitedSentenceLikeHttp()
    {
        const string question = "How many countries has Vietnam established diplomatic relations with?";
        var reply = await Client.AskAsync(new AskRequest { Q = question });
        var http = await (await service.Http.GetAsync("/ask?q=" + Uri.EscapeDataString(question))).JsonAsync();

        Assert.NotNull(reply.Answer);
        var answer = http.GetProperty("answer");
        Assert.Equal(answer.Str("text"), reply.Answer.Text);
        Assert.Equal(answer.Int("charStart"), reply.Answer.SentenceCharStart);
        Assert.Equal(answer.Int("charEnd"), reply.Answer.SentenceCharEnd);
        Assert.Equal(answer.Str("passageId"), reply.Answer.PassageId);
        Assert.Equal(http.Results("passages").Select(p => p.Str("passageId")), reply.Passages.Select(p => p.PassageId));
    }

    [Fact]
    public async Task Ask_NothingAnswers_HasNoAnswerAndAReason()
    {
        var reply = await Client.AskAsync(new AskRequest { Q = "price of bitcoin" });

        Assert.Null(reply.Answer);
        Assert.False(string.IsNullOrWhiteSpace(reply.Reason));
    }

    [Fact]
    public async Task Ask_InvalidK_IsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.AskAsync(new AskRequest { Q = "x", K = 0 }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("k:", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reflection_ListsTheSearchService()
    {
        var reflection = new ServerReflection.ServerReflectionClient(_channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("searchservice.v1.SearchService", services);
        Assert.Contains("grpc.reflection.v1alpha.ServerReflection", services);
    }

    [Fact]
    public async Task DocsClientSnippet_CompilesAndRuns()
    {
        var address = $"http://127.0.0.1:{service.GrpcPort}";
        var output = new StringWriter();

        // docs/grpc.md: the C# client, with "http://localhost:5081" and Console.WriteLine.
        using var channel = GrpcChannel.ForAddress(address);
        var client = new SearchClient(channel);
        var response = await client.SearchAsync(new SearchRequest { Q = "doi moi", K = 3 });
        foreach (var hit in response.Results)
            output.WriteLine($"{hit.Rank}. {hit.Citation.Metadata.DocumentId} ¶{hit.Citation.Paragraph}: {hit.Snippet}");

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"1. {Doc003} ¶", lines[0], StringComparison.Ordinal);
        Assert.Contains("<mark>đổi mới</mark>", lines[0], StringComparison.Ordinal);
    }

    private static SearchRequest Request(string? q, int? k, int? offset, string? mode, string? syntax)
    {
        var request = new SearchRequest { Q = q ?? "", Mode = mode ?? "", Syntax = syntax ?? "" };
        if (k is { } size)
        {
            request.K = size;
        }

        if (offset is { } skip)
        {
            request.Offset = skip;
        }

        return request;
    }

    private async Task<string> HttpProblemMessageAsync(string? q, int? k, int? offset, string? mode, string? syntax, string parameter)
    {
        var query = new List<string>();
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                query.Add($"{name}={Uri.EscapeDataString(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!)}");
            }
        }

        Add("q", q);
        Add("k", k);
        Add("offset", offset);
        Add("mode", mode);
        Add("syntax", syntax);
        using var response = await service.Http.GetAsync("/search?" + string.Join('&', query));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Single(errors.EnumerateObject());
        return errors.GetProperty(parameter)[0].GetString()!;
    }

    private static void AssertSameSummary(JsonElement json, DocumentSummary message)
    {
        json.AssertSameMetadata(message.Metadata, withByline: true);
        Assert.Equal(json.Int("passageCount"), message.PassageCount);
        Assert.Equal(json.Str("indexedAt"), message.IndexedAt);
        Assert.Equal(json.Str("contentHash"), message.ContentHash);
    }
}
