using System.Net;
using System.Text.Json;
using SearchService.Testing;

namespace SearchService.IntegrationTests.Faults;

/// <summary>
/// A sources folder that is missing or empty is reported (Degraded, with the reason) instead of looking healthy, and
/// semantic search on the empty index answers instead of promising vectors that never come.
/// </summary>
public sealed class SourcesFolderTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("searchservice-nosources-");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string> Folders => new()
    {
        { "missing", "does not exist" },
        { "empty", "has no files matching" },
    };

    [Theory]
    [MemberData(nameof(Folders))]
    public async Task MissingOrEmptySources_AreDegradedWithTheReason_InHealthAndStats(string folder, string reason)
    {
        var seeds = Path.Combine(_folder.Path, "seeds");
        if (folder == "empty")
        {
            Directory.CreateDirectory(seeds);
        }

        await using var service = ServiceProcess.Start(seeds, Path.Combine(_folder.Path, "index"));
        await service.WaitUntilReadyAsync();
        await service.WaitUntilAsync(
            async () => (await (await service.Http.GetAsync("/health/ready")).JsonAsync()).Str("status") == "Degraded",
            "the sources problem to be reported");

        var health = await (await service.Http.GetAsync("/health/ready")).JsonAsync();
        var description = health.GetProperty("checks").GetProperty("index").Str("description");
        Assert.Contains(reason, description, StringComparison.Ordinal);
        Assert.Contains("'seeds'", description, StringComparison.Ordinal);
        Assert.DoesNotContain(_folder.Path, description, StringComparison.Ordinal);
        var stats = await (await service.Http.GetAsync("/stats")).JsonAsync();
        Assert.Contains(reason, stats.Str("problem"), StringComparison.Ordinal);

        // Nothing to embed is not "vectors still being built": semantic and hybrid answer, with nothing found.
        foreach (var mode in new[] { "semantic", "hybrid" })
        {
            using var search = await service.Http.GetAsync($"/search?q=doi+moi&mode={mode}");
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
            Assert.Empty((await search.JsonAsync()).Results());
        }
    }
}

/// <summary>A file named like the trash folder makes deleting a document a clear conflict, not a 500.</summary>
public sealed class TrashConflictTests(TrashConflictTests.Fixture service) : IClassFixture<TrashConflictTests.Fixture>
{
    [Fact]
    public async Task DeleteDocument_WhenTrashIsAFile_IsAConflictAndTheDocumentStays()
    {
        File.WriteAllText(Path.Combine(service.SeedsPath, ".trash"), "not a folder");
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/admin/documents/{Fixture.DocumentId}");
        request.Headers.Add("X-Api-Key", Fixture.ApiKey);

        using var response = await service.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Contains(".trash", problem.Str("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain(service.RootPath, problem.GetRawText(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(service.SeedsPath, Fixture.DocumentId + ".txt")));
        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync($"/documents/{Fixture.DocumentId}")).StatusCode);
    }

    public sealed class Fixture : RunningService
    {
        public const string ApiKey = "trash-test-key";

        public const string DocumentId = "970_keep_me";

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Search:Admin:ApiKey"] = ApiKey };

        protected override IReadOnlyDictionary<string, string> ExtraSources => new Dictionary<string, string>
        {
            [DocumentId + ".txt"] = "Kept article\n\nThe wombat council adjourned.\n",
        };
    }
}

/// <summary>
/// Anonymous responses never show where the server keeps its files: after a corrupt index was recovered and sources
/// were refused, /health/ready, /stats and /documents name files relatively.
/// </summary>
public sealed class PublicPathTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("searchservice-paths-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task HealthStatsAndDocuments_CarryNoAbsolutePath_AfterFailures()
    {
        var seeds = Path.Combine(_folder.Path, "seeds");
        var index = Path.Combine(_folder.Path, "index");
        Directory.CreateDirectory(seeds);
        File.WriteAllText(Path.Combine(seeds, "good.txt"), "Good\n\nThe ibis report.\n");
        await using (var first = ServiceProcess.Start(seeds, index))
        {
            await first.WaitUntilReadyAsync();
            first.Kill();
        }

        // Failures whose exception messages carry absolute paths: a damaged segment, a link out of the folder.
        foreach (var file in Directory.EnumerateFiles(index).Where(f => !Path.GetFileName(f).StartsWith("service.", StringComparison.Ordinal)))
        {
            File.WriteAllBytes(file, [0x00, 0x01, 0x02]);
        }

        File.CreateSymbolicLink(Path.Combine(seeds, "escape.txt"), Path.Combine(_folder.Path, "elsewhere.txt"));
        File.WriteAllText(Path.Combine(_folder.Path, "elsewhere.txt"), "Elsewhere\n\ntext\n");
        File.WriteAllBytes(Path.Combine(seeds, "binary.txt"), [0x00, 0x00, 0x01]);

        await using var service = ServiceProcess.Start(seeds, index);
        await service.WaitUntilReadyAsync();
        var stats = await (await service.Http.GetAsync("/stats")).JsonAsync();
        Assert.NotNull(stats.GetProperty("recovery").GetString());
        Assert.Equal(2, stats.Int("skippedSources"));

        foreach (var url in new[] { "/health/ready", "/stats", "/documents", "/documents/escape" })
        {
            var body = await (await service.Http.GetAsync(url)).Content.ReadAsStringAsync();
            var text = JsonDocument.Parse(body).RootElement.GetRawText();
            Assert.DoesNotContain(_folder.Path, Unescape(text), StringComparison.Ordinal);
            Assert.DoesNotContain(Path.GetTempPath().TrimEnd('/'), Unescape(text), StringComparison.Ordinal);
        }

        // The log keeps the whole story.
        Assert.Contains(index, service.Log, StringComparison.Ordinal);
    }

    private static string Unescape(string json) => json.Replace("\\/", "/", StringComparison.Ordinal);
}
