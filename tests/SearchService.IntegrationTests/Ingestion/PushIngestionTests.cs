using System.Net;
using System.Text;
using System.Text.Json;

namespace SearchService.IntegrationTests.Ingestion;

/// <summary>PUT/DELETE /documents/{id} on real Kestrel: pushed documents are indexed like source files and kept apart from them.</summary>
public sealed class PushIngestionTests(PushFixture service) : IClassFixture<PushFixture>
{
    private const string Doc003 = "003_37e75ead3a9a6882";

    // CRLF line ends, Vietnamese text and an astral character before the passages: offsets must still slice exactly.
    private const string VietnameseText =
        "Hội nghị về rừng ngập mặn 🌿\r\n\r\nThe xylocarp mangrove accord was signed in Cần Thơ by twelve provinces.\r\n" +
        "Each province pledged to replant xylocarp seedlings along the Mekong delta coast before the rainy season.\r\n";

    [Fact]
    public async Task PutJson_IsSearchableWhenTheCallReturns_AndCitationOffsetsSliceTheUploadedText()
    {
        using var put = await service.PutJsonAsync("mangrove-accord", new
        {
            title = "Mangrove accord",
            text = VietnameseText,
            published = "2024-06-03",
            url = "https://example.org/mangrove",
            publisher = "Delta Herald",
        });

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal("/documents/mangrove-accord", put.Headers.Location?.OriginalString);
        var created = await put.JsonAsync();
        Assert.Equal("mangrove-accord", created.Str("documentId"));
        Assert.True(created.Int("passageCount") >= 1);

        var search = await (await service.Http.GetAsync("/search?q=xylocarp")).JsonAsync();
        var hits = search.Results().Where(h => h.GetProperty("citation").Str("documentId") == "mangrove-accord").ToList();
        Assert.NotEmpty(hits);
        var document = await (await service.Http.GetAsync("/documents/mangrove-accord")).JsonAsync();
        Assert.Equal(VietnameseText, document.Str("rawText"));
        foreach (var hit in hits)
        {
            var citation = hit.GetProperty("citation");
            var start = citation.Int("charStart");
            var end = citation.Int("charEnd");
            Assert.Equal(JsonShapes.Normalize(hit.Str("text")), JsonShapes.Normalize(VietnameseText[start..end]));
            Assert.Equal("Mangrove accord", citation.Str("title"));
            Assert.Equal("2024-06-03T00:00:00", citation.Str("published"));
            Assert.Equal("https://example.org/mangrove", citation.Str("url"));
            Assert.Equal("Delta Herald", citation.Str("publisher"));
        }
    }

    [Fact]
    public async Task PutRawText_TakesTheTitleFromTheText_AndIsSearchable()
    {
        const string text = "Okapi envoys reach Hanoi\n\nThe okapi envoys presented credentials at the ministry on Tuesday.\n";

        using var put = await service.PutTextAsync("okapi-envoys", text);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var search = await (await service.Http.GetAsync("/search?q=okapi+credentials&mode=lexical")).JsonAsync();
        var hit = search.Results().First(h => h.GetProperty("citation").Str("documentId") == "okapi-envoys");
        var citation = hit.GetProperty("citation");
        Assert.Equal("Okapi envoys reach Hanoi", citation.Str("title"));
        Assert.Equal(JsonShapes.Normalize(hit.Str("text")), JsonShapes.Normalize(text[citation.Int("charStart")..citation.Int("charEnd")]));
        Assert.Equal(text, (await (await service.Http.GetAsync("/documents/okapi-envoys")).JsonAsync()).Str("rawText"));
    }

    [Fact]
    public async Task PutAgain_ReplacesTheDocument_With200AndTheNewTextOnly()
    {
        await service.PutTextAsync("replaced-doc", "Replaced document\n\nThe quetzal memorandum was drafted.\n");

        using var again = await service.PutTextAsync("replaced-doc", "Replaced document\n\nThe tapir memorandum was signed instead.\n");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True((await again.JsonAsync()).GetProperty("replaced").GetBoolean());
        Assert.Equal(0, (await (await service.Http.GetAsync("/search?q=quetzal&mode=lexical")).JsonAsync()).Int("total"));
        Assert.Equal(1, (await (await service.Http.GetAsync("/search?q=tapir&mode=lexical")).JsonAsync()).Int("total"));
    }

    [Fact]
    public async Task PutWithWaitFalse_Is202_AndTheDocumentIsSearchableAfterTheNextPass()
    {
        using var put = await service.PutJsonAsync("later-doc", new { title = "Later", text = "Later news\n\nThe narwhal summit opens next week.\n" }, query: "?wait=false");

        Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        Assert.Equal("pending", (await put.JsonAsync()).Str("status"));

        // Bounded poll for the pass the call asked for; no timing is asserted.
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var search = await (await service.Http.GetAsync("/search?q=narwhal&mode=lexical")).JsonAsync();
            if (search.Int("total") > 0)
            {
                Assert.Equal("later-doc", search.Results().First().GetProperty("citation").Str("documentId"));
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The document pushed with wait=false was not searchable within 30 s.");
    }

    [Fact]
    public async Task FolderRescan_NeverDeletesAPushedDocument_AndAFolderFileWithItsIdIsSkipped()
    {
        await service.PutTextAsync("kept-doc", "Kept document\n\nThe dugong protocol stays indexed.\n");

        // A folder file with the pushed id, and a rescan: the pushed document wins and the file is reported skipped.
        await File.WriteAllTextAsync(Path.Combine(service.SeedsPath, "kept-doc.txt"), "Impostor\n\nThe gharial impostor text.\n");
        using var reindex = await service.SendAsync(HttpMethod.Post, "/admin/reindex", null);
        Assert.Equal(HttpStatusCode.OK, reindex.StatusCode);
        var report = await reindex.JsonAsync();
        Assert.DoesNotContain("kept-doc", report.GetProperty("deleted").EnumerateArray().Select(e => e.GetString()));
        Assert.True(report.GetProperty("skipped").TryGetProperty("kept-doc.txt", out _));

        Assert.Equal(1, (await (await service.Http.GetAsync("/search?q=dugong&mode=lexical")).JsonAsync()).Int("total"));
        Assert.Equal(0, (await (await service.Http.GetAsync("/search?q=gharial&mode=lexical")).JsonAsync()).Int("total"));
        var document = await (await service.Http.GetAsync("/documents/kept-doc")).JsonAsync();
        Assert.Equal("pushed/kept-doc.json", document.GetProperty("document").Str("sourcePath"));
        Assert.Equal("indexed", document.GetProperty("document").Str("status"));
        File.Delete(Path.Combine(service.SeedsPath, "kept-doc.txt"));
    }

    [Fact]
    public async Task Delete_RemovesThePushedDocumentFromTheIndexAndTheFolder()
    {
        await service.PutTextAsync("gone-doc", "Gone document\n\nThe axolotl agreement lapses.\n");
        Assert.True(File.Exists(Path.Combine(service.PushedPath, "gone-doc.json")));

        using var delete = await service.DeleteAsync("gone-doc");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.False(File.Exists(Path.Combine(service.PushedPath, "gone-doc.json")));
        Assert.Equal(HttpStatusCode.NotFound, (await service.Http.GetAsync("/documents/gone-doc")).StatusCode);
        Assert.Equal(0, (await (await service.Http.GetAsync("/search?q=axolotl&mode=lexical")).JsonAsync()).Int("total"));
    }

    [Fact]
    public async Task DeleteOfAnUnknownId_Is404Problem_AndOfAFolderDocument409()
    {
        using var unknown = await service.DeleteAsync("never-pushed");
        using var folder = await service.DeleteAsync(Doc003);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, folder.StatusCode);
        Assert.Equal("application/problem+json", folder.Content.Headers.ContentType?.MediaType);
        Assert.True(File.Exists(Path.Combine(service.SeedsPath, Doc003 + ".txt")));
    }

    [Fact]
    public async Task PutOverAFolderDocumentsId_Is409_AndLeavesItAlone()
    {
        using var put = await service.PutTextAsync(Doc003, "Hijack\n\nThe pangolin hijack text.\n");

        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.False(File.Exists(Path.Combine(service.PushedPath, Doc003 + ".json")));
        var document = await (await service.Http.GetAsync($"/documents/{Doc003}")).JsonAsync();
        Assert.Equal(Doc003 + ".txt", document.GetProperty("document").Str("sourcePath"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task WithoutTheKey_PutAndDeleteAre401Problems_AndStoreNothing(string? key)
    {
        using var put = await service.PutTextAsync("unauthorized-doc", "Nope\n\nThe wombat text.\n", key);
        using var delete = await service.DeleteAsync("unauthorized-doc", key);

        foreach (var response in new[] { put, delete })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.False(File.Exists(Path.Combine(service.PushedPath, "unauthorized-doc.json")));
        Assert.Equal(HttpStatusCode.NotFound, (await service.Http.GetAsync("/documents/unauthorized-doc")).StatusCode);
    }

    [Theory]
    [InlineData("good-id", """{"text":"Body only"}""", "title")]
    [InlineData("good-id", """{"title":"Title only"}""", "text")]
    [InlineData("good-id", """{"title":"T","text":"   "}""", "text")]
    [InlineData("good-id", """{"title":"T","text":"x","url":"javascript:alert(1)"}""", "url")]
    [InlineData("good-id", """{"title":"T","text":"x","published":"not a date"}""", "body")]
    [InlineData("good-id", """{"title":"T","text":""", "body")]
    [InlineData("good-id", "[]", "body")]
    [InlineData("good-id", """{"title":"T","text":"x","tags":["a"]}""", "tags")]
    [InlineData(".hidden", """{"title":"T","text":"x"}""", "id")]
    [InlineData("a%20b", """{"title":"T","text":"x"}""", "id")]
    [InlineData("-leading-dash", """{"title":"T","text":"x"}""", "id")]
    public async Task InvalidPut_Is400ProblemNamingTheField(string id, string json, string field)
    {
        using var put = await service.SendAsync(HttpMethod.Put, $"/documents/{id}", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.True((await put.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}'");
        Assert.False(File.Exists(Path.Combine(service.PushedPath, "good-id.json")));
    }

    [Fact]
    public async Task InvalidUtf8OrEmptyText_Is400Problem()
    {
        using var invalid = await service.SendAsync(HttpMethod.Put, "/documents/bad-bytes", new ByteArrayContent([0x41, 0xC3, 0x28, 0x0A]) { Headers = { ContentType = new("text/plain") } });
        using var empty = await service.PutTextAsync("bad-bytes", "  \n ");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.False(File.Exists(Path.Combine(service.PushedPath, "bad-bytes.json")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BodyOverTheDocumentLimit_Is413Problem_WithOrWithoutContentLength(bool chunked)
    {
        var text = "Big document\n\n" + new string('a', PushFixture.MaxDocumentBytes) + "\n";
        var content = new StringContent(text, Encoding.UTF8, "text/plain");
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, "/documents/too-big") { Content = content };
        request.Headers.Add("X-Api-Key", PushFixture.ApiKey);
        request.Headers.TransferEncodingChunked = chunked;
        using var put = await service.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.False(File.Exists(Path.Combine(service.PushedPath, "too-big.json")));
    }

    [Fact]
    public async Task DocumentWithinItsLimitButOverTheSearchBodyLimit_IsAccepted()
    {
        // 100 KB: over Search:Limits:MaxRequestBodyBytes (64 KB), which keeps holding for every other endpoint.
        var paragraphs = string.Join("\n", Enumerable.Range(0, 1000).Select(i => $"Paragraph {i} of the long capybara report on river trade."));
        using var put = await service.PutTextAsync("long-report", "Long capybara report\n\n" + paragraphs + "\n");

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using var search = await service.Http.PostAsync("/search", new StringContent(JsonSerializer.Serialize(new { q = new string('x', 70_000) }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, search.StatusCode);
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/html")]
    [InlineData("text/plain; charset=iso-8859-1")]
    public async Task UnsupportedContentType_Is415Problem(string contentType)
    {
        var content = new ByteArrayContent("Title\n\nText\n"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var put = await service.SendAsync(HttpMethod.Put, "/documents/typed-doc", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
    }
}
