using System.Net;
using SearchService.IntegrationTests.Faults;
using SearchService.Testing;

namespace SearchService.IntegrationTests.Robustness;

/// <summary>
/// Semantic and hybrid search served from the nearest-neighbour graph answer every one of many concurrent requests.
/// USearch keeps a fixed pool of per-thread search contexts and throws when more searches run at once than it holds;
/// a service over 100k passages (graph above the threshold) answered 20 of 400 concurrent semantic requests with 500.
/// </summary>
public sealed class GraphConcurrencyTests
{
    private const int Requests = 1000;

    [Fact]
    public async Task ManyConcurrentSemanticAndHybridSearches_OverAGraphBackedIndex_AreAll200()
    {
        using var root = new TemporaryFolder("graph-concurrency-");
        var seeds = Directory.CreateDirectory(Path.Combine(root.Path, "seeds")).FullName;
        WriteArticles(seeds);

        var settings = new Dictionary<string, string>
        {
            ["Search__Embeddings__AnnThreshold"] = "0", // the graph serves semantic candidates however small the corpus
            ["Search__Limits__MaxConcurrentRequests"] = "64",
            ["Search__Limits__QueueLimit"] = "1024",
        };
        var index = Path.Combine(root.Path, "index");
        await using var service = ServiceProcess.Start(seeds, index, settings);
        await service.WaitUntilReadyAsync();
        await service.WaitUntilAsync(async () => (await service.Http.GetAsync("/search?q=trade&mode=semantic")).StatusCode == HttpStatusCode.OK, "semantic answers");
        // The generation's graph is built and attached when its vectors are saved, after they first serve from the scan.
        await service.WaitUntilAsync(() => Task.FromResult(Directory.EnumerateFiles(Path.Combine(index, "vectors"), "ann.usearch", SearchOption.AllDirectories).Any()), "the graph is saved");

        string[] queries = ["bamboo diplomacy", "doi moi reforms", "free trade agreements", "overseas Vietnamese", "UNESCO heritage", "economic diplomacy"];
        var statuses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            var mode = i % 3 == 0 ? "hybrid" : "semantic";
            using var response = await service.Http.GetAsync($"/search?q={Uri.EscapeDataString(queries[i % queries.Length])}+{i}&mode={mode}&k=10");
            return response.StatusCode;
        }));

        Assert.Equal([(HttpStatusCode.OK, Requests)], statuses.CountBy(s => s).Select(c => (c.Key, c.Value)));
        Assert.DoesNotContain("Reserve capacity", service.Log, StringComparison.Ordinal);
    }

    /// <summary>
    /// 300 articles of 10 paragraphs, each three sentences of the seeds drawn with a fixed seed: a graph of ~3,000 rows,
    /// whose searches take long enough (a beam of hundreds of rows) for many to overlap on two cores.
    /// </summary>
    private static void WriteArticles(string folder)
    {
        var sentences = Directory.GetFiles(Path.Combine(ServiceFixture.RepoRoot, "seeds"), "*.txt").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines)
            .SelectMany(line => line.Split(". ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(sentence => sentence.Length > 40 && !sentence.Contains('|'))
            .ToArray();
        var random = new Random(20261201);
        for (var article = 0; article < 300; article++)
        {
            var paragraphs = Enumerable.Range(0, 10).Select(_ => string.Join(". ", Enumerable.Range(0, 3).Select(_ => sentences[random.Next(sentences.Length)])) + ".");
            File.WriteAllText(Path.Combine(folder, $"{article:D3}_generated.txt"), $"Generated article {article}\n\n" + string.Join("\n\n", paragraphs) + "\n");
        }
    }
}
