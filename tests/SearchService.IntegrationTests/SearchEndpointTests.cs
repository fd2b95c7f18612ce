using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SearchService.IntegrationTests;

[Collection(SharedServiceCollection.Name)]
public sealed class SearchEndpointTests(ServiceFixture service)
{
    private const string Doc003 = "003_37e75ead3a9a6882";

    [Fact]
    public async Task Search_DoiMoi_ReturnsCitedPassagesFrom003WithDoiMoiHighlighted()
    {
        using var response = await service.Http.GetAsync("/search?q=doi+moi");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();

        Assert.Equal("doi moi", body.Str("query"));
        Assert.True(body.GetProperty("total").GetInt64() > 0);
        Assert.True(body.GetProperty("tookMs").GetDouble() >= 0);
        var top = body.Results().First();
        Assert.Equal(1, top.Int("rank"));
        Assert.Equal(Doc003, top.GetProperty("citation").Str("documentId"));
        Assert.Contains("<mark>đổi mới</mark>", top.Str("snippet"), StringComparison.Ordinal);
        var highlight = top.GetProperty("highlights")[0];
        Assert.Equal("đổi mới", top.Str("text")[highlight.Int("start")..highlight.Int("end")]);
    }

    [Fact]
    public async Task Search_EveryCitation_PointsAtItsPassageInTheDocumentsRawText()
    {
        var body = await (await service.Http.GetAsync("/search?q=foreign+policy+diplomacy&k=50")).JsonAsync();
        var raw = new Dictionary<string, string>();
        foreach (var hit in body.Results())
        {
            var citation = hit.GetProperty("citation");
            var id = citation.Str("documentId");
            if (!raw.TryGetValue(id, out var text))
            {
                text = raw[id] = (await (await service.Http.GetAsync($"/documents/{id}")).JsonAsync()).Str("rawText");
            }

            var slice = text[citation.Int("charStart")..citation.Int("charEnd")];
            Assert.Equal(hit.Str("text"), JsonShapes.Normalize(slice));
            Assert.Equal(hit.Str("passageId"), $"{id}#{citation.Int("paragraph") - 1}");
            Assert.False(string.IsNullOrEmpty(citation.Str("title")));
            Assert.EndsWith(".txt", citation.Str("sourcePath"), StringComparison.Ordinal);
            Assert.True(citation.Int("lineStart") <= citation.Int("lineEnd"));
        }
    }

    [Fact]
    public async Task Search_Citation_CarriesDocumentMetadata()
    {
        var body = await (await service.Http.GetAsync("/search?q=Malawi+diplomatic+relations&k=1")).JsonAsync();
        var citation = body.Results().Single().GetProperty("citation");

        Assert.Equal("004_1e7a8dd3a4f3aed2", citation.Str("documentId"));
        Assert.Equal("Báo Tài nguyên Môi trường", citation.Str("publisher"));
        Assert.StartsWith("https://baotainguyenmoitruong.vn/", citation.Str("url"), StringComparison.Ordinal);
        Assert.StartsWith("2024-12-29", citation.Str("published"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("What's Vietnam's \"bamboo\" diplomacy?")]
    [InlineData("AND ((")]
    [InlineData("\"")]
    [InlineData("*")]
    [InlineData("field:value OR NOT -+~^\\/[]{}")]
    [InlineData("\u0000\u0001 control")]
    public async Task Search_PlainTextWithOperators_NeverFailsToParse(string query)
    {
        using var response = await service.Http.GetAsync($"/search?q={Uri.EscapeDataString(query)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Search_SnippetEscapesMarkupFromTheCorpus()
    {
        var body = await (await service.Http.GetAsync("/search?q=zebu+bold&mode=lexical")).JsonAsync();
        var snippet = body.Results().Single().Str("snippet");

        Assert.DoesNotContain("<b>", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", snippet, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>zebu</mark>", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_LuceneSyntax_RunsPhrasesAndReportsMalformedQueriesAs400()
    {
        using var ok = await service.Http.GetAsync("/search?syntax=lucene&q=" + Uri.EscapeDataString("\"bamboo\" AND title:diplomatic"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var bad = await service.Http.GetAsync("/search?syntax=lucene&q=" + Uri.EscapeDataString("AND (("));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var problem = await bad.JsonAsync();
        Assert.Contains("Lucene syntax", problem.GetProperty("errors").GetProperty("q")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_Post_ReturnsTheSameHitsAsGet()
    {
        var get = await (await service.Http.GetAsync("/search?q=economic+diplomacy&k=7&offset=2&mode=lexical")).JsonAsync();
        using var post = await service.Http.PostAsJsonAsync("/search", new { q = "economic diplomacy", k = 7, offset = 2, mode = "lexical" });
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var body = await post.JsonAsync();

        Assert.Equal(get.Results().Select(r => r.Str("passageId")), body.Results().Select(r => r.Str("passageId")));
        Assert.Equal(3, body.Results().First().Int("rank"));
    }

    [Fact]
    public async Task Search_Paging_SecondPageContinuesTheFirst()
    {
        var all = await (await service.Http.GetAsync("/search?q=foreign+affairs&k=10")).JsonAsync();
        var first = await (await service.Http.GetAsync("/search?q=foreign+affairs&k=5")).JsonAsync();
        var second = await (await service.Http.GetAsync("/search?q=foreign+affairs&k=5&offset=5")).JsonAsync();

        Assert.Equal(
            all.Results().Select(r => r.Str("passageId")),
            first.Results().Concat(second.Results()).Select(r => r.Str("passageId")));
        Assert.Equal(all.GetProperty("total").GetInt64(), second.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("/search", "q")]
    [InlineData("/search?q=", "q")]
    [InlineData("/search?q=%20%20", "q")]
    [InlineData("/search?q=a&k=0", "k")]
    [InlineData("/search?q=a&k=101", "k")]
    [InlineData("/search?q=a&k=ten", "k")]
    [InlineData("/search?q=a&offset=-1", "offset")]
    [InlineData("/search?q=a&offset=x", "offset")]
    [InlineData("/search?q=a&mode=vector", "mode")]
    [InlineData("/search?q=a&syntax=regex", "syntax")]
    public async Task Search_InvalidParameter_Is400ProblemNamingTheParameter(string url, string parameter)
    {
        using var response = await service.Http.GetAsync(url);

        await AssertProblemNamingAsync(response, parameter);
    }

    [Fact]
    public async Task Search_QueryOver1000Characters_Is400()
    {
        using var response = await service.Http.GetAsync("/search?q=" + new string('a', 1001));

        await AssertProblemNamingAsync(response, "q");
    }

    [Theory]
    [InlineData("{\"q\": 5}", "body")]
    [InlineData("{\"q\": \"a\", \"k\": \"ten\"}", "body")]
    [InlineData("not json", "body")]
    [InlineData("null", "body")]
    [InlineData("{\"q\": \"a\", \"k\": 500}", "k")]
    [InlineData("{\"k\": 5}", "q")]
    public async Task SearchPost_InvalidBody_Is400ProblemNamingTheField(string json, string parameter)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await service.Http.PostAsync("/search", content);

        await AssertProblemNamingAsync(response, parameter);
    }

    [Fact]
    public async Task SearchPost_WithoutJsonContentType_Is415Problem()
    {
        using var content = new StringContent("q=doi+moi", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await service.Http.PostAsync("/search", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task AssertProblemNamingAsync(HttpResponseMessage response, string parameter)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(400, problem.Int("status"));
        var messages = problem.GetProperty("errors").GetProperty(parameter);
        Assert.Equal(JsonValueKind.Array, messages.ValueKind);
        Assert.DoesNotContain("   at ", messages[0].GetString(), StringComparison.Ordinal);
    }
}
