using System.Diagnostics;
using System.Net;
using SearchService.Testing;

namespace SearchService.IntegrationTests.Faults;

/// <summary>
/// The index folder belongs to one process: a second one refuses to start; corrupt-index recovery moves only the index
/// files; a folder deleted while serving comes back without a restart. Real processes on real folders.
/// </summary>
public sealed class IndexFolderTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("searchservice-indexfolder-");

    private string Root => _folder.Path;

    private string Seeds => Path.Combine(Root, "seeds");

    private string Index => Path.Combine(Root, "index");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task SecondProcessOnTheSameIndex_RefusesInOneLineNamingFolderAndHolder_AndTheFirstKeepsIndexing()
    {
        CopySeeds();
        await using var first = ServiceProcess.Start(Seeds, Index);
        await first.WaitUntilReadyAsync();

        await using var second = ServiceProcess.Start(Seeds, Index);
        var exitCode = await second.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        var lines = second.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.Contains(Index, line, StringComparison.Ordinal);
        Assert.Contains($"process {first.ProcessId}", line, StringComparison.Ordinal);

        // The first still owns a working index: a new source is indexed, nothing was corrupted.
        File.WriteAllText(Path.Combine(Seeds, "added_later.txt"), "Added later\n\nThe tapir census was released.\n");
        await first.WaitUntilAsync(
            async () => (await (await first.Http.GetAsync("/search?q=tapir&mode=lexical")).JsonAsync()).Results().Any(),
            "the first process to index a new file");
        var health = await (await first.Http.GetAsync("/health/ready")).JsonAsync();
        Assert.Equal("Healthy", health.Str("status"));
        Assert.DoesNotContain("read past EOF", first.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptIndexRecovery_MovesOnlyTheIndexFiles_AndKeepsTheFolderTrackedFiles()
    {
        CopySeeds();
        await using (var first = ServiceProcess.Start(Seeds, Index))
        {
            await first.WaitUntilReadyAsync();
            first.Kill();
        }

        File.WriteAllText(Path.Combine(Index, "README.md"), "# index/\n");
        File.WriteAllText(Path.Combine(Index, ".gitignore"), "*\n!.gitignore\n!README.md\n");
        foreach (var segments in Directory.EnumerateFiles(Index, "segments*"))
        {
            File.WriteAllBytes(segments, [0xDE, 0xAD, 0xBE, 0xEF]);
        }

        await using var second = ServiceProcess.Start(Seeds, Index);
        await second.WaitUntilReadyAsync();
        await second.WaitUntilAsync(async () => (await (await second.Http.GetAsync("/stats")).JsonAsync()).GetProperty("documents").GetInt64() == 5, "the rebuild");

        Assert.True(File.Exists(Path.Combine(Index, "README.md")));
        Assert.True(File.Exists(Path.Combine(Index, ".gitignore")));
        var aside = Assert.Single(Directory.EnumerateDirectories(Root, "index.corrupt-*"));
        Assert.NotEmpty(Directory.EnumerateFiles(aside, "segments*"));
        Assert.False(File.Exists(Path.Combine(aside, "README.md")));
        Assert.False(File.Exists(Path.Combine(aside, ".gitignore")));
    }

    [Fact]
    public void MovedAsideIndexFolders_AreIgnoredByGit()
    {
        var check = new ProcessStartInfo("git", ["check-ignore", "--no-index", "-q", "index.corrupt-20260101-000000/segments_1"])
        {
            WorkingDirectory = ServiceFixture.RepoRoot,
        };
        using var git = Process.Start(check)!;
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
    }

    [Fact]
    public async Task IndexFolderDeletedWhileServing_IsRecreatedAndRebuilt_AndStatsNeverFails()
    {
        CopySeeds();
        await using var service = ServiceProcess.Start(Seeds, Index, new Dictionary<string, string> { ["Search__RescanInterval"] = "00:00:01" });
        await service.WaitUntilReadyAsync();
        await service.WaitUntilAsync(async () => (await (await service.Http.GetAsync("/stats")).JsonAsync()).GetProperty("documents").GetInt64() == 5, "the seeds");

        Directory.Delete(Index, recursive: true);

        await service.WaitUntilAsync(
            async () =>
            {
                using var stats = await service.Http.GetAsync("/stats");
                Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
                return Directory.Exists(Index) && (await stats.JsonAsync()).GetProperty("documents").GetInt64() == 5;
            },
            "the index folder to be recreated and rebuilt");
        Assert.True(File.Exists(Path.Combine(Index, "service.lock")));
        var search = await (await service.Http.GetAsync("/search?q=doi+moi&mode=lexical")).JsonAsync();
        Assert.NotEmpty(search.Results());

        // The recreated folder is locked again: a second process is still refused.
        await using var second = ServiceProcess.Start(Seeds, Index);
        Assert.NotEqual(0, await second.WaitForExitAsync());
    }

    private void CopySeeds()
    {
        Directory.CreateDirectory(Seeds);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ServiceFixture.RepoRoot, "seeds"), "*.txt"))
        {
            File.Copy(file, Path.Combine(Seeds, Path.GetFileName(file)));
        }
    }
}
