using System.Net;

namespace SearchService.IntegrationTests;

[Collection(SharedServiceCollection.Name)]
public sealed class DocumentEndpointTests(ServiceFixture service)
{
    [Fact]
    public async Task ListDocuments_ReturnsEverySourceWithMetadataAndPassageCounts()
    {
        var documents = (await (await service.Http.GetAsync("/documents")).JsonAsync()).EnumerateArray().ToList();

        Assert.Equal(5 + ServiceFixture.MarkupSources.Count, documents.Count);
        var doc002 = documents.Single(d => d.Str("documentId") == "002_7f81a9a8e99b335c");
        Assert.Equal("Continue to concretize foreign policy for socio-economic development in new period", doc002.Str("title"));
        Assert.StartsWith("2023-01-10T21:52", doc002.Str("published"), StringComparison.Ordinal);
        Assert.Equal("Song Nhi - Transalted by Q. Thien", doc002.Str("byline"));
        Assert.True(doc002.Int("passageCount") > 5);
        Assert.Equal(64, doc002.Str("contentHash").Length);
    }

    [Fact]
    public async Task GetDocument_ReturnsRawTextAndPassagesWithOffsets()
    {
        var body = await (await service.Http.GetAsync("/documents/003_37e75ead3a9a6882")).JsonAsync();
        var raw = body.Str("rawText");
        var passages = body.GetProperty("passages").EnumerateArray().ToList();

        Assert.Equal(body.GetProperty("document").Int("passageCount"), passages.Count);
        Assert.All(passages, p => Assert.Equal(p.Str("text"), JsonShapes.Normalize(raw[p.Int("charStart")..p.Int("charEnd")])));
        Assert.Contains(passages, p => p.Str("kind") == "question");
    }

    [Theory]
    [InlineData("/documents/nope")]
    [InlineData("/documents/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/documents/%2Fetc%2Fpasswd")]
    public async Task GetDocument_UnknownId_Is404Problem(string url)
    {
        using var response = await service.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_CountsDocumentsPassagesAndIndexSize()
    {
        var stats = await (await service.Http.GetAsync("/stats")).JsonAsync();

        Assert.Equal(5 + ServiceFixture.MarkupSources.Count, stats.GetProperty("documents").GetInt64());
        Assert.True(stats.GetProperty("passages").GetInt64() > 100);
        Assert.True(stats.GetProperty("indexSizeBytes").GetInt64() > 0);
        Assert.True(stats.GetProperty("ready").GetBoolean());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, stats.GetProperty("lastIndexedAt").ValueKind);
    }

    [Fact]
    public async Task Health_LiveAndReady_Answer200()
    {
        using var live = await service.Http.GetAsync("/health/live");
        using var ready = await service.Http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", (await ready.JsonAsync()).Str("status"));
    }

    [Fact]
    public async Task OpenApi_DescribesTheEndpoints()
    {
        var document = await (await service.Http.GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = document.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/search", out _));
        Assert.True(paths.TryGetProperty("/documents/{id}", out _));
        Assert.True(paths.TryGetProperty("/stats", out _));
    }
}
