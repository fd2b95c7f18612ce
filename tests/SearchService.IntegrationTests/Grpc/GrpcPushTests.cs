using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using SearchService.Grpc.V1;
using SearchService.IntegrationTests.Ingestion;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests.Grpc;

/// <summary>
/// PutDocument and DeleteDocument over a real HTTP/2 channel to Kestrel's gRPC endpoint: the HTTP push endpoints'
/// behaviour (same key, same checks and messages, same ingestion), with gRPC statuses.
/// </summary>
public sealed class GrpcPushTests(PushFixture service) : IClassFixture<PushFixture>, IDisposable
{
    private const string Doc003 = "003_37e75ead3a9a6882";

    // CRLF line ends, Vietnamese text and an astral character before the passages: offsets must still slice exactly.
    private const string DeltaText =
        "Hội nghị về đầm phá 🦩\r\n\r\nThe flamingo lagoon compact was signed in Huế by nine districts.\r\n" +
        "Each district pledged to keep flamingo nesting grounds free of aquaculture nets through the dry season.\r\n";

    private readonly GrpcChannel _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{service.GrpcPort}");

    private SearchClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task PutDocument_IsFoundBySearchWhenTheCallReturns_WithCitationOffsetsIntoTheUploadedText()
    {
        var put = await Client.PutDocumentAsync(
            new PutDocumentRequest
            {
                Id = "flamingo-compact",
                Title = "Flamingo compact",
                Text = DeltaText,
                Published = "2024-06-03",
                Url = "https://example.org/flamingo",
                Publisher = "Lagoon Herald",
            },
            Key());

        Assert.Equal("flamingo-compact", put.DocumentId);
        Assert.Equal("indexed", put.Status);
        Assert.False(put.Replaced);
        Assert.True(put.PassageCount >= 1);
        Assert.Equal(put.PassageCount, put.Document.PassageCount);
        Assert.Equal("pushed/flamingo-compact.json", put.Document.Metadata.SourcePath);

        var search = await Client.SearchAsync(new SearchRequest { Q = "flamingo nesting", Mode = "lexical" });
        var hits = search.Results.Where(h => h.Citation.Metadata.DocumentId == "flamingo-compact").ToList();
        Assert.NotEmpty(hits);
        Assert.Equal(DeltaText, (await Client.GetDocumentAsync(new GetDocumentRequest { Id = "flamingo-compact" })).RawText);
        foreach (var hit in hits)
        {
            Assert.Equal(JsonShapes.Normalize(hit.Text), JsonShapes.Normalize(DeltaText[hit.Citation.CharStart..hit.Citation.CharEnd]));
            var metadata = hit.Citation.Metadata;
            Assert.Equal("Flamingo compact", metadata.Title);
            Assert.Equal("2024-06-03T00:00:00", metadata.Published);
            Assert.Equal("https://example.org/flamingo", metadata.Url);
            Assert.Equal("Lagoon Herald", metadata.Publisher);
        }
    }

    [Fact]
    public async Task PutDocumentAgain_ReplacesIt_AndOnlyTheNewTextIsFound()
    {
        await Client.PutDocumentAsync(new PutDocumentRequest { Id = "grpc-replaced", Title = "Replaced", Text = "The marmoset memorandum was drafted.\n" }, Key());

        var again = await Client.PutDocumentAsync(new PutDocumentRequest { Id = "grpc-replaced", Title = "Replaced", Text = "The tamarin memorandum was signed instead.\n" }, Key());

        Assert.True(again.Replaced);
        Assert.Equal(0, (await Client.SearchAsync(new SearchRequest { Q = "marmoset", Mode = "lexical" })).Total);
        Assert.Equal(1, (await Client.SearchAsync(new SearchRequest { Q = "tamarin", Mode = "lexical" })).Total);
    }

    [Fact]
    public async Task PutDocumentWithWaitFalse_IsPending_AndSearchableAfterTheNextPass()
    {
        var put = await Client.PutDocumentAsync(new PutDocumentRequest { Id = "grpc-later", Title = "Later", Text = "The beluga summit opens next week.\n", Wait = false }, Key());

        Assert.Equal("pending", put.Status);
        Assert.Equal(0, put.PassageCount);
        Assert.Null(put.Document);

        // Bounded poll for the pass the call asked for; no timing is asserted.
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var search = await Client.SearchAsync(new SearchRequest { Q = "beluga", Mode = "lexical" });
            if (search.Total > 0)
            {
                Assert.Equal("grpc-later", search.Results[0].Citation.Metadata.DocumentId);
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The document pushed with wait=false was not searchable within 30 s.");
    }

    [Fact]
    public async Task DeleteDocument_RemovesItFromTheIndexAndThePushedFolder()
    {
        await Client.PutDocumentAsync(new PutDocumentRequest { Id = "grpc-gone", Title = "Gone", Text = "The quokka agreement lapses.\n" }, Key());
        Assert.True(File.Exists(Path.Combine(service.PushedPath, "grpc-gone.json")));

        var deleted = await Client.DeleteDocumentAsync(new DeleteDocumentRequest { Id = "grpc-gone" }, Key());

        Assert.Equal("deleted", deleted.Status);
        Assert.False(File.Exists(Path.Combine(service.PushedPath, "grpc-gone.json")));
        Assert.Equal(0, (await Client.SearchAsync(new SearchRequest { Q = "quokka", Mode = "lexical" })).Total);
        var get = await Assert.ThrowsAsync<RpcException>(() => Client.GetDocumentAsync(new GetDocumentRequest { Id = "grpc-gone" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task DeleteDocument_OfAnUnknownIdIsNotFound_AndOfAFolderDocumentFailedPrecondition()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Client.DeleteDocumentAsync(new DeleteDocumentRequest { Id = "never-pushed" }, Key()).ResponseAsync);
        var folder = await Assert.ThrowsAsync<RpcException>(() => Client.DeleteDocumentAsync(new DeleteDocumentRequest { Id = Doc003 }, Key()).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("never-pushed", unknown.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, folder.StatusCode);
        Assert.True(File.Exists(Path.Combine(service.SeedsPath, Doc003 + ".txt")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("")]
    public async Task WithoutTheKeyOrWithAWrongOne_PutAndDeleteAreUnauthenticated_AndStoreNothing(string? key)
    {
        var headers = key is null ? new Metadata() : new Metadata { { "x-api-key", key } };
        await Client.PutDocumentAsync(new PutDocumentRequest { Id = "grpc-kept", Title = "Kept", Text = "The kiwi accord stays.\n" }, Key());

        var put = await Assert.ThrowsAsync<RpcException>(() => Client.PutDocumentAsync(new PutDocumentRequest { Id = "grpc-unauthorized", Title = "Nope", Text = "The wombat text.\n" }, headers).ResponseAsync);
        var delete = await Assert.ThrowsAsync<RpcException>(() => Client.DeleteDocumentAsync(new DeleteDocumentRequest { Id = "grpc-kept" }, headers).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, put.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, delete.StatusCode);
        Assert.DoesNotContain(PushFixture.ApiKey, put.Status.Detail, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(service.PushedPath, "grpc-unauthorized.json")));
        Assert.True(File.Exists(Path.Combine(service.PushedPath, "grpc-kept.json")));
    }

    [Theory]
    [InlineData(".hidden", "T", "x", null, null, "id")]
    [InlineData("good-id", "", "Body only", null, null, "title")]
    [InlineData("good-id", "Title only", "", null, null, "text")]
    [InlineData("good-id", "T", "   ", null, null, "text")]
    [InlineData("good-id", "T", "x", "javascript:alert(1)", null, "url")]
    [InlineData("good-id", "T", "x", null, "not a date", "published")]
    public async Task InvalidPutDocument_IsInvalidArgumentNamingTheField(string id, string title, string text, string? url, string? published, string field)
    {
        var request = new PutDocumentRequest { Id = id, Title = title, Text = text };
        if (url is not null)
        {
            request.Url = url;
        }

        if (published is not null)
        {
            request.Published = published;
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.PutDocumentAsync(request, Key()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.StartsWith(field + ": ", refused.Status.Detail, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(service.PushedPath, "good-id.json")));
    }

    [Fact]
    public async Task PutDocumentWithAFieldThisServerDoesNotKnow_IsInvalidArgumentNamingItsNumber()
    {
        // A client built from a newer contract: field 15 is unknown here. Protobuf keeps unknown fields it parsed and
        // writes them back, so the generated client sends it.
        var valid = new PutDocumentRequest { Id = "grpc-unknown-field", Title = "T", Text = "The serval text.\n" }.ToByteArray();
        var withUnknown = PutDocumentRequest.Parser.ParseFrom([.. valid, 0x78, 0x01]);

        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.PutDocumentAsync(withUnknown, Key()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.StartsWith("field 15: ", refused.Status.Detail, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(service.PushedPath, "grpc-unknown-field.json")));
    }

    [Fact]
    public async Task PutDocumentOverTheMessageLimit_IsResourceExhausted_AndStoresNothing()
    {
        // Over Search:Limits:MaxRequestBodyBytes (64 KB), the gRPC receive limit; HTTP takes such documents.
        var text = "Big document\n\n" + new string('a', 70_000) + "\n";

        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.PutDocumentAsync(new PutDocumentRequest { Id = "grpc-too-big", Title = "Big", Text = text }, Key()).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.False(File.Exists(Path.Combine(service.PushedPath, "grpc-too-big.json")));
    }

    public static TheoryData<string, string?, string?, string?, string?> BadPushes() => new()
    {
        { "good-id", null, "Body only", null, null },
        { "good-id", "Title only", null, null, null },
        { "good-id", "T", "   ", null, null },
        { "good-id", "T", "x", "javascript:alert(1)", null },
        { "good-id", "T", "x", "", null },
        { "good-id", "T", "x", "/relative/path", null },
        { "good-id", new string('t', 1001), "x", null, null },
        { "good-id", "T", "x", null, new string('p', 201) },
        { "good-id", "  ", "", "ftp://example.org/x", new string('p', 300) },
        { ".hidden", "T", "x", null, null },
        { "-leading-dash", "T", "x", null, null },
        { new string('a', 129), "T", "x", null, null },
        { "a.b_c-d", null, null, null, null },
    };

    [Theory]
    [MemberData(nameof(BadPushes))]
    public async Task HttpAndGrpc_RefuseTheSameBadPush_WithTheSameFieldsAndMessages(string id, string? title, string? text, string? url, string? publisher)
    {
        // The same input both ways: a JSON field left out is an unset (or empty) proto field.
        var body = new Dictionary<string, string?> { ["title"] = title, ["text"] = text, ["url"] = url, ["publisher"] = publisher }
            .Where(field => field.Value is not null)
            .ToDictionary();
        var request = new PutDocumentRequest { Id = id, Title = title ?? "", Text = text ?? "" };
        if (url is not null)
        {
            request.Url = url;
        }

        if (publisher is not null)
        {
            request.Publisher = publisher;
        }

        using var http = await service.SendAsync(HttpMethod.Put, $"/documents/{id}", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var grpc = await Assert.ThrowsAsync<RpcException>(() => Client.PutDocumentAsync(request, Key()).ResponseAsync);

        Assert.Equal(HttpStatusCode.BadRequest, http.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, grpc.StatusCode);
        var httpLines = (await http.JsonAsync()).GetProperty("errors").EnumerateObject()
            .SelectMany(field => field.Value.EnumerateArray().Select(message => $"{field.Name}: {message.GetString()}"));
        Assert.Equal(httpLines.Order(StringComparer.Ordinal), grpc.Status.Detail.Split('\n').Order(StringComparer.Ordinal));
    }

    private static Metadata Key() => new() { { "x-api-key", PushFixture.ApiKey } };
}
