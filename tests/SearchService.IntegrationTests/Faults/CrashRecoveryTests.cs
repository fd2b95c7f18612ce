using SearchService.Testing;
using System.Text;
using Xunit.Abstractions;

namespace SearchService.IntegrationTests.Faults;

/// <summary>A crash mid-indexing leaves a usable index; after a restart the worker catches up with nothing lost or doubled.</summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const int Documents = 1500;
    private const int PassagesPerDocument = 4;

    private readonly TemporaryFolder _folder = new("searchservice-crash-");

    private string Seeds => Path.Combine(Root, "seeds");

    private string Index => Path.Combine(Root, "index");

    private string Root => _folder.Path;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task KillDuringALargeBatch_RestartCatchesUpWithNoDuplicateOrLostPassage()
    {
        WriteSources();
        long seenBeforeKill;
        await using (var first = ServiceProcess.Start(Seeds, Index))
        {
            // Kill as soon as some batches are committed but (almost certainly) before the pass is done.
            await first.WaitUntilAsync(async () => await StatAsync(first, "documents") > 0, "the first committed batch");
            first.Kill();
            seenBeforeKill = await CountDocumentsOnDiskAsync();
        }

        await using var second = ServiceProcess.Start(Seeds, Index);
        await second.WaitUntilReadyAsync();
        await second.WaitUntilAsync(
            async () => await StatAsync(second, "documents") == Documents && await StatAsync(second, "passages") == Documents * PassagesPerDocument,
            "the worker to catch up");

        output.WriteLine($"{seenBeforeKill} of {Documents} documents were committed when the service was killed.");
        Assert.InRange(seenBeforeKill, 1, Documents);
        Assert.Equal(Documents * PassagesPerDocument, await StatAsync(second, "passages"));
        foreach (var document in new[] { 0, 1, Documents / 2, Documents - 1 })
        {
            var body = await (await second.Http.GetAsync($"/search?mode=lexical&k=100&q=uniq{document:D5}")).JsonAsync();
            Assert.Equal(PassagesPerDocument, body.GetProperty("total").GetInt64());
            Assert.Equal(PassagesPerDocument, body.Results().Select(r => r.Str("passageId")).Distinct().Count());
        }

        // The vectors of the interrupted pass were never named by a commit; they are rebuilt, not half-used.
        await second.WaitUntilAsync(
            async () => (await second.Http.GetAsync("/search?mode=semantic&q=harbour+lighthouse")).IsSuccessStatusCode,
            "semantic retrieval after the restart");
    }

    private async Task<long> CountDocumentsOnDiskAsync()
    {
        // Opening the index after the kill must work (it is what the restart does); the count is informative only.
        await using var probe = ServiceProcess.Start(Seeds, Index, new Dictionary<string, string> { ["Search__SeedsPath"] = Path.Combine(Root, "none") });
        await probe.WaitUntilReadyAsync();
        var documents = await StatAsync(probe, "documents");
        probe.Kill();
        return documents;
    }

    private static async Task<long> StatAsync(ServiceProcess service, string name) =>
        (await (await service.Http.GetAsync("/stats")).JsonAsync()).GetProperty(name).GetInt64();

    private void WriteSources()
    {
        Directory.CreateDirectory(Seeds);
        string[] topics = ["harbour", "lighthouse", "orchard", "glacier", "market", "railway", "library", "vineyard"];
        for (var d = 0; d < Documents; d++)
        {
            var text = new StringBuilder($"Generated article number {d}\n\n");
            for (var p = 0; p < PassagesPerDocument; p++)
            {
                text.Append($"Paragraph {p} of article uniq{d:D5} tells of the {topics[(d + p) % topics.Length]} and the {topics[(d * 3 + p) % topics.Length]} near the coast, as reported this week.\n\n");
            }

            File.WriteAllText(Path.Combine(Seeds, $"gen_{d:D5}.txt"), text.ToString());
        }
    }
}
