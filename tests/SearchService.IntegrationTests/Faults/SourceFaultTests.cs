using SearchService.Testing;
using System.Net;
using System.Text;

namespace SearchService.IntegrationTests.Faults;

/// <summary>Bad source files are skipped or indexed sensibly, each with a status in /documents; the service keeps serving.</summary>
public sealed class SourceFaultTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("searchservice-sources-");

    private string Seeds => Path.Combine(Root, "seeds");

    private string Root => _folder.Path;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task BadSources_AreReportedPerDocument_AndSearchKeepsWorking()
    {
        Directory.CreateDirectory(Seeds);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ServiceFixture.RepoRoot, "seeds"), "*.txt"))
        {
            File.Copy(file, Path.Combine(Seeds, Path.GetFileName(file)));
        }

        File.WriteAllBytes(Path.Combine(Seeds, "bin_file.txt"), [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x10, 0x00, 0xFF, 0x00]);
        File.WriteAllText(Path.Combine(Seeds, "empty_file.txt"), "");
        File.WriteAllBytes(Path.Combine(Seeds, "bad_utf8.txt"), [.. "Headline about okapis\n\nThe okapi report "u8, 0xC3, 0x28, 0xFF, .. " was published.\n"u8]);
        File.CreateSymbolicLink(Path.Combine(Seeds, "gone_file.txt"), Path.Combine(Root, "does-not-exist.txt"));
        using (var big = File.Create(Path.Combine(Seeds, "huge_file.txt")))
        {
            var line = Encoding.UTF8.GetBytes("All work and no play makes a very large file indeed.\n");
            for (var written = 0L; written < 50L * 1024 * 1024; written += line.Length)
            {
                big.Write(line);
            }
        }

        await using var service = ServiceProcess.Start(Seeds, Path.Combine(Root, "index"));
        await service.WaitUntilReadyAsync();

        var documents = (await (await service.Http.GetAsync("/documents")).JsonAsync()).EnumerateArray().ToDictionary(d => d.Str("documentId"));
        Assert.Equal("skipped", documents["bin_file"].Str("status"));
        Assert.Contains("binary", documents["bin_file"].Str("problem"), StringComparison.Ordinal);
        Assert.Equal("skipped", documents["huge_file"].Str("status"));
        Assert.Contains("too large", documents["huge_file"].Str("problem"), StringComparison.Ordinal);
        Assert.Equal("skipped", documents["gone_file"].Str("status"));
        Assert.Equal("indexedWithWarning", documents["empty_file"].Str("status"));
        Assert.Equal(0, documents["empty_file"].Int("passageCount"));
        Assert.Equal("indexedWithWarning", documents["bad_utf8"].Str("status"));
        Assert.Contains("invalid UTF-8", documents["bad_utf8"].Str("problem"), StringComparison.Ordinal);
        Assert.All(documents.Values.Where(d => d.Str("documentId").Length == 20), d => Assert.Equal("indexed", d.Str("status")));

        var okapi = await (await service.Http.GetAsync("/search?q=okapi&mode=lexical")).JsonAsync();
        Assert.Equal("bad_utf8", okapi.Results().Single().GetProperty("citation").Str("documentId"));
        Assert.Equal(HttpStatusCode.OK, (await service.Http.GetAsync("/search?q=doi+moi")).StatusCode);
        var stats = await (await service.Http.GetAsync("/stats")).JsonAsync();
        Assert.Equal(3, stats.Int("skippedSources"));
        Assert.Contains("Skipping bin_file.txt", service.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourceThatTurnsBad_KeepsItsLastGoodVersionSearchable()
    {
        Directory.CreateDirectory(Seeds);
        var path = Path.Combine(Seeds, "turns_bad.txt");
        File.WriteAllText(path, "A headline\n\nThe narwhal delegation arrived for talks.\n");
        await using var service = ServiceProcess.Start(Seeds, Path.Combine(Root, "index"));
        await service.WaitUntilReadyAsync();

        File.WriteAllBytes(path, [0x00, 0x01, 0x02, 0x00]);
        await service.WaitUntilAsync(
            async () => (await (await service.Http.GetAsync("/documents")).JsonAsync()).EnumerateArray().Any(d => d.Str("status") == "stale"),
            "the stale status");

        var hits = await (await service.Http.GetAsync("/search?q=narwhal&mode=lexical")).JsonAsync();
        Assert.Single(hits.Results());
    }
}
