using System.Net;

namespace SearchService.IntegrationTests.Security;

/// <summary>/admin with a configured key: 401 without it, a reindex report and a recoverable delete with it.</summary>
public sealed class AdminEndpointTests(AdminFixture service) : IClassFixture<AdminFixture>
{
    private const string Doc003 = "003_37e75ead3a9a6882";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    [InlineData(AdminFixture.ApiKey + "x")]
    [InlineData("TEST-ADMIN-KEY-5B1F")]
    public async Task WithoutTheKey_Is401Problem_AndChangesNothing(string? key)
    {
        using var reindex = await SendAsync(HttpMethod.Post, "/admin/reindex", key);
        using var delete = await SendAsync(HttpMethod.Delete, $"/admin/documents/{Doc003}", key);

        foreach (var response in new[] { reindex, delete })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("ApiKey", response.Headers.WwwAuthenticate.Single().Scheme);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("X-Api-Key", body, StringComparison.Ordinal);
            Assert.DoesNotContain(AdminFixture.ApiKey, body, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(service.SeedsPath, Doc003 + ".txt")));
        using var stillThere = await service.Http.GetAsync($"/documents/{Doc003}");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task Reindex_RunsAPassThatSeesFilesWrittenBeforeIt_AndReturnsItsReport()
    {
        await File.WriteAllTextAsync(Path.Combine(service.SeedsPath, "970_late.txt"), "Late article\n\nThe okapi delegation arrived after the first pass.\n");

        using var response = await SendAsync(HttpMethod.Post, "/admin/reindex", AdminFixture.ApiKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.JsonAsync();
        foreach (var list in new[] { "added", "changed", "deleted" })
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Array, report.GetProperty(list).ValueKind);
        }

        // The pass accounts for every source it saw: at least the five seeds and the late file (the watcher may
        // have indexed that one first, so it is either added now or unchanged).
        var accounted = report.GetProperty("added").GetArrayLength() + report.GetProperty("changed").GetArrayLength() + report.Int("unchanged");
        Assert.True(accounted >= 6, $"the pass reported {accounted} sources");
        Assert.InRange(report.GetProperty("tookMs").GetDouble(), double.Epsilon, 120_000);
        using var document = await service.Http.GetAsync("/documents/970_late");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }

    [Fact]
    public async Task DeleteDocument_MovesItsSourceIntoTrash_AndDropsItFromTheIndex()
    {
        var source = Path.Combine(service.SeedsPath, AdminFixture.DisposableId + ".txt");
        var text = await File.ReadAllTextAsync(source);

        using var response = await SendAsync(HttpMethod.Delete, $"/admin/documents/{AdminFixture.DisposableId}", AdminFixture.ApiKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(AdminFixture.DisposableId, body.Str("documentId"));
        Assert.Equal(AdminFixture.DisposableId + ".txt", body.Str("sourcePath"));
        var movedTo = body.Str("movedTo");
        Assert.StartsWith($".trash/{AdminFixture.DisposableId}.txt.", movedTo, StringComparison.Ordinal);
        Assert.Contains(AdminFixture.DisposableId, body.GetProperty("reindex").GetProperty("deleted").EnumerateArray().Select(e => e.GetString()));

        Assert.False(File.Exists(source));
        Assert.Equal(text, await File.ReadAllTextAsync(Path.Combine(service.SeedsPath, movedTo)));
        using var gone = await service.Http.GetAsync($"/documents/{AdminFixture.DisposableId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var search = await (await service.Http.GetAsync("/search?q=quokka&mode=lexical")).JsonAsync();
        Assert.Equal(0, search.Int("total"));

        using var again = await SendAsync(HttpMethod.Delete, $"/admin/documents/{AdminFixture.DisposableId}", AdminFixture.ApiKey);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApi_ListsTheAdminOperations_WhenAKeyIsConfigured()
    {
        var paths = (await (await service.Http.GetAsync("/openapi/v1.json")).JsonAsync()).GetProperty("paths");

        Assert.True(paths.TryGetProperty("/admin/reindex", out _));
        Assert.True(paths.TryGetProperty("/admin/documents/{id}", out _));
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? key)
    {
        var request = new HttpRequestMessage(method, url);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return service.Http.SendAsync(request);
    }
}
