using System.Net;

namespace SearchService.IntegrationTests.Security;

/// <summary>
/// Ids that look like paths never reach the file system: GET /documents/{id} and DELETE /admin/documents/{id} answer
/// 404 for each, no file inside or outside the sources moves, and no byte of /etc/passwd comes back.
/// </summary>
public sealed class PathTraversalTests(AdminFixture service) : IClassFixture<AdminFixture>, IAsyncLifetime
{
    private const string Doc003 = "003_37e75ead3a9a6882";

    public static TheoryData<string> HostileIds => new()
    {
        "../../etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "%2e%2e%2F%2e%2e%2F%2e%2e%2F%2e%2e%2F%2e%2e%2Fetc%2Fpasswd",
        "..%5C..%5Cetc%5Cpasswd",
        "%2Fetc%2Fpasswd",
        "%2F%2Fetc%2Fpasswd",
        "C:%5CWindows%5Cwin.ini",
        "seeds%2F..%2F..",
        "..%2Foutside",
        "..%2Foutside.txt",
        "..%2Fseeds%2F" + Doc003,
        "." + "%2F" + Doc003 + ".txt",
        Doc003 + ".txt",
        "%252e%252e%252fetc%252fpasswd",
    };

    /// <summary>Ids whose dot segments the server resolves in the URL itself, before any routing.</summary>
    public static TheoryData<string> DotSegmentIds => new() { "..", "%2e%2e", "seeds/../..", "../" + Doc003, "%2e%2e/%2e%2e/etc/passwd" };

    private string Outside => Path.Combine(service.RootPath, "outside.txt");

    public Task InitializeAsync() => File.WriteAllTextAsync(Outside, "outside the sources\n");

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task GetDocument_PathLikeId_Is404_AndLeaksNothing(string id)
    {
        using var response = await service.Http.GetAsync(service.RawUrl("/documents/" + id));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertLeaksNothingAsync(response);
    }

    [Theory]
    [MemberData(nameof(DotSegmentIds))]
    public async Task GetDocument_DotSegments_ResolveWithinTheUrlSpace_NeverToAFile(string id)
    {
        using var response = await service.Http.GetAsync(service.RawUrl("/documents/" + id));

        // "/documents/.." is "/": the search page. Anything else resolved this way is simply not found.
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(await service.Http.GetStringAsync("/"), await response.Content.ReadAsStringAsync());
        }

        await AssertLeaksNothingAsync(response);
    }

    [Fact]
    public async Task NulInId_IsRejectedByTheServer_AndMovesNothing()
    {
        var before = SourceFiles();
        using var get = await service.Http.GetAsync(service.RawUrl($"/documents/{Doc003}%00"));
        using var request = new HttpRequestMessage(HttpMethod.Delete, service.RawUrl($"/admin/documents/{Doc003}%00"));
        request.Headers.Add("X-Api-Key", AdminFixture.ApiKey);
        using var delete = await service.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.Equal(before, SourceFiles());
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    [MemberData(nameof(DotSegmentIds))]
    public async Task DeleteDocument_PathLikeId_Is404_AndMovesNothing(string id)
    {
        var before = SourceFiles();
        using var request = new HttpRequestMessage(HttpMethod.Delete, service.RawUrl("/admin/documents/" + id));
        request.Headers.Add("X-Api-Key", AdminFixture.ApiKey);

        using var response = await service.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertLeaksNothingAsync(response);
        Assert.Equal(before, SourceFiles());
        Assert.True(File.Exists(Outside));
        Assert.False(Directory.Exists(Path.Combine(service.SeedsPath, ".trash")));
    }

    private string[] SourceFiles() => Directory.GetFiles(service.SeedsPath).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private static async Task AssertLeaksNothingAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
        Assert.DoesNotContain("outside the sources", body, StringComparison.Ordinal);
        if (File.Exists("/etc/passwd"))
        {
            var firstLine = (await File.ReadAllLinesAsync("/etc/passwd")).FirstOrDefault(l => l.Length > 0);
            if (firstLine is not null)
            {
                Assert.DoesNotContain(firstLine, body, StringComparison.Ordinal);
            }
        }
    }
}
