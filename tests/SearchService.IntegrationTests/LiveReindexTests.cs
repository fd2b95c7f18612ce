using System.Net;

namespace SearchService.IntegrationTests;

/// <summary>
/// The service with a rescan every 500 ms: a change the file watcher misses (it can drop events on a loaded machine)
/// is still picked up quickly, so the tests wait on the outcome, never on the default 30 s rescan.
/// </summary>
public sealed class LiveReindexFixture : ServiceFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:RescanInterval"] = "00:00:00.500",
    };
}

/// <summary>Sources changed while the service runs are picked up by the worker without a restart.</summary>
public sealed class LiveReindexTests(LiveReindexFixture service) : IClassFixture<LiveReindexFixture>
{
    [Fact]
    public async Task AddedChangedAndDeletedSources_AreSearchableWithoutRestart()
    {
        var path = Path.Combine(service.SeedsPath, "950_live.txt");

        await File.WriteAllTextAsync(path, "Live article\n\nThe okapi delegation arrived in Hanoi for talks.\n");
        Assert.Equal(1, await WaitForTotalAsync("okapi", 1));

        await File.WriteAllTextAsync(path, "Live article\n\nThe pangolin delegation arrived in Hanoi for talks.\n");
        Assert.Equal(1, await WaitForTotalAsync("pangolin", 1));
        Assert.Equal(0, await WaitForTotalAsync("okapi", 0));

        File.Delete(path);
        Assert.Equal(0, await WaitForTotalAsync("pangolin", 0));
        using var gone = await service.Http.GetAsync("/documents/950_live");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task ChangedSource_ReindexesOnlyThatDocument()
    {
        var before = await IndexedAtAsync();
        var path = Path.Combine(service.SeedsPath, "002_7f81a9a8e99b335c.txt");
        await File.AppendAllTextAsync(path, "\nThe wombat summit concluded with a joint statement.\n");

        Assert.Equal(1, await WaitForTotalAsync("wombat", 1));
        var after = await IndexedAtAsync();
        Assert.NotEqual(before["002_7f81a9a8e99b335c"], after["002_7f81a9a8e99b335c"]);
        Assert.All(before.Where(d => d.Key != "002_7f81a9a8e99b335c" && after.ContainsKey(d.Key)), d => Assert.Equal(d.Value, after[d.Key]));
    }

    private async Task<Dictionary<string, string>> IndexedAtAsync() =>
        (await (await service.Http.GetAsync("/documents")).JsonAsync()).EnumerateArray()
            .ToDictionary(d => d.Str("documentId"), d => d.GetProperty("indexedAt").GetRawText());

    /// <summary>Polls until the query's total equals <paramref name="expected"/> (bounded; no timing is asserted).</summary>
    private async Task<long> WaitForTotalAsync(string query, long expected)
    {
        long total = -1;
        for (var attempt = 0; attempt < 300 && total != expected; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(50);
            }

            total = (await (await service.Http.GetAsync($"/search?q={query}&mode=lexical")).JsonAsync()).GetProperty("total").GetInt64();
        }

        return total;
    }
}
