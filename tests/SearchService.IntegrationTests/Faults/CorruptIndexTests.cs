using SearchService.Testing;
using System.Net;

namespace SearchService.IntegrationTests.Faults;

/// <summary>A corrupted or half-written index is detected at start, moved aside and rebuilt from the sources.</summary>
public sealed class CorruptIndexTests : IDisposable
{
    private readonly TemporaryFolder _folder = new("searchservice-corrupt-");

    private string Seeds => Path.Combine(Root, "seeds");

    private string Index => Path.Combine(Root, "index");

    private string Root => _folder.Path;

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Damages => new() { "garbage-segments", "truncated-segments", "missing-segment-files", "garbage-every-file" };

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task DamagedIndex_IsMovedAsideAndRebuilt_AndTheRecoveryIsVisible(string damage)
    {
        CopySeeds();
        await using (var first = ServiceProcess.Start(Seeds, Index))
        {
            await first.WaitUntilReadyAsync();
            await first.WaitUntilAsync(async () => (await (await first.Http.GetAsync("/stats")).JsonAsync()).GetProperty("documents").GetInt64() == 5, "the seeds");
            first.Kill();
        }

        Damage(damage);

        await using var second = ServiceProcess.Start(Seeds, Index);
        await second.WaitUntilReadyAsync();
        await second.WaitUntilAsync(async () => (await (await second.Http.GetAsync("/stats")).JsonAsync()).GetProperty("documents").GetInt64() == 5, "the rebuild");

        var stats = await (await second.Http.GetAsync("/stats")).JsonAsync();
        Assert.Contains("moved to", stats.Str("recovery"), StringComparison.Ordinal);
        var ready = await second.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("recovery", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("corrupt or half-written", second.Log, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateDirectories(Root, "index.corrupt-*"));
        var search = await (await second.Http.GetAsync("/search?q=doi+moi")).JsonAsync();
        Assert.NotEmpty(search.Results());
    }

    private void CopySeeds()
    {
        Directory.CreateDirectory(Seeds);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ServiceFixture.RepoRoot, "seeds"), "*.txt"))
        {
            File.Copy(file, Path.Combine(Seeds, Path.GetFileName(file)));
        }
    }

    private void Damage(string damage)
    {
        var segments = Directory.EnumerateFiles(Index, "segments_*").Single();
        var files = Directory.EnumerateFiles(Index).Where(f => !Path.GetFileName(f).StartsWith("segments", StringComparison.Ordinal) && !f.EndsWith("write.lock", StringComparison.Ordinal)).ToList();
        switch (damage)
        {
            case "garbage-segments":
                File.WriteAllBytes(segments, Enumerable.Range(0, 200).Select(i => (byte)(i * 37)).ToArray());
                break;
            case "truncated-segments":
                using (var stream = File.OpenWrite(segments))
                {
                    stream.SetLength(stream.Length / 2);
                }

                break;
            case "missing-segment-files":
                files.ForEach(File.Delete);
                break;
            default:
                files.ForEach(f => File.WriteAllText(f, "not a lucene file"));
                break;
        }
    }
}
