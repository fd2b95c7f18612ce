using System.Net;
using System.Net.Http.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests.SearchControls;

/// <summary>An unknown parameter is refused by name on every transport: ignoring it would answer unfiltered as if filtered.</summary>
[Collection(SearchControlsCollection.Name)]
public sealed class UnknownParameterTests(SearchControlsFixture service)
{
    [Theory]
    [InlineData("/search?q=diplomacy&document=911_autumn_forum", "document")]
    [InlineData("/search?q=diplomacy&filter=kind", "filter")]
    [InlineData("/ask?q=who&sort=date", "sort")]
    public async Task Get_UnknownParameter_Is400NamingIt(string url, string parameter)
    {
        using var response = await service.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Contains(parameter, errors.GetProperty(parameter)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UnknownJsonField_Is400NamingIt()
    {
        using var response = await service.Http.PostAsJsonAsync("/search", new { q = "diplomacy", filter = new { kind = "caption" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("filter", (await response.JsonAsync()).GetProperty("errors").GetProperty("filter")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_KnownFiltersInTheBody_AreAppliedAsOnTheQueryString()
    {
        using var response = await service.Http.PostAsJsonAsync("/search", new { q = "diplomacy", kind = new[] { "caption" }, facets = new[] { "kind" }, sort = "-date" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.All(body.Results(), hit => Assert.Equal("caption", hit.Str("kind")));
        Assert.Equal("caption", body.GetProperty("facets").GetProperty("kind")[0].Str("value"));
    }

    [Fact]
    public async Task Get_MalformedNumber_Is400NamingTheParameter()
    {
        using var response = await service.Http.GetAsync("/search?q=diplomacy&k=ten");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("whole number", (await response.JsonAsync()).GetProperty("errors").GetProperty("k")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpc_UnknownField_IsInvalidArgumentNamingItsNumber()
    {
        using var channel = service.OpenGrpcChannel();
        var known = new SearchService.Grpc.V1.SearchRequest { Q = "diplomacy" }.ToByteArray();

        // Field 99, varint 1: what a client built from a newer contract would send.
        var request = SearchService.Grpc.V1.SearchRequest.Parser.ParseFrom([.. known, 0x98, 0x06, 0x01]);
        var error = await Assert.ThrowsAsync<RpcException>(() => new SearchClient(channel).SearchAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("99", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grpc_FiltersFacetsAndSort_MatchTheHttpAnswer()
    {
        using var channel = service.OpenGrpcChannel();
        var request = new SearchService.Grpc.V1.SearchRequest { Q = "diplomacy", Mode = "lexical", PublishedFrom = "2024-01-01", Sort = "-date", K = 50 };
        request.Kind.Add("paragraph");
        request.Facets.Add("documentId,kind,year");

        var grpc = await new SearchClient(channel).SearchAsync(request);
        var http = await (await service.Http.GetAsync("/search?q=diplomacy&mode=lexical&publishedFrom=2024-01-01&sort=-date&k=50&kind=paragraph&facets=documentId,kind,year")).JsonAsync();

        Assert.Equal(http.Results().Select(h => h.Str("passageId")), grpc.Results.Select(h => h.PassageId));
        Assert.Equal(http.GetProperty("total").GetInt64(), grpc.Total);
        Assert.Equal(grpc.Total, grpc.Facets["kind"].Values.Single().Count);
        Assert.Equal(http.GetProperty("facets").GetProperty("documentId").GetArrayLength(), grpc.Facets["documentId"].Values.Count);
    }

    [Fact]
    public async Task Grpc_BadFilter_IsInvalidArgumentWithTheHttpMessage()
    {
        using var channel = service.OpenGrpcChannel();
        var request = new SearchService.Grpc.V1.SearchRequest { Q = "diplomacy", Sort = "newest" };

        var error = await Assert.ThrowsAsync<RpcException>(() => new SearchClient(channel).SearchAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("sort: ", error.Status.Detail, StringComparison.Ordinal);
    }
}
