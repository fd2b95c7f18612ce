using System.Net;
using System.Text;
using SearchService.Testing;

namespace SearchService.IntegrationTests.Faults;

/// <summary>
/// A real service process whose MiniLM vectors are still being built (1,200 fresh passages, no shared cache): lexical
/// search is served at once, semantic answers 503 with Retry-After and the progress, hybrid says it is degraded.
/// </summary>
public sealed class EncoderProgressTests : IDisposable
{
    private const int Documents = 400;
    private const int PassagesPerDocument = 3;

    private readonly TemporaryFolder _folder = new("searchservice-encoding-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task WhileVectorsAreBuilt_SemanticIs503WithProgress_HybridIsDegraded_StatsAndHealthShowProgress()
    {
        var seeds = Path.Combine(_folder.Path, "seeds");
        WriteSources(seeds);
        await using var service = ServiceProcess.Start(seeds, Path.Combine(_folder.Path, "index"), new Dictionary<string, string>
        {
            ["Search__Embeddings__Model"] = "minilm",
            ["Search__Embeddings__CacheFolder"] = "",
            ["Search__Embeddings__ReadyWhenEncoded"] = "false",
        });
        await service.WaitUntilReadyAsync();

        // Encoding 1,200 passages takes a minute or more on two cores; these requests come within seconds of ready.
        using var semantic = await service.Http.GetAsync("/search?mode=semantic&q=harbour+lighthouse");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, semantic.StatusCode);
        Assert.NotNull(semantic.Headers.RetryAfter?.Delta);
        var problem = await semantic.JsonAsync();
        Assert.Equal(Documents * PassagesPerDocument, problem.GetProperty("vectors").GetProperty("total").GetInt32());
        Assert.Contains("vectors ", problem.Str("detail"), StringComparison.Ordinal);

        var hybrid = await (await service.Http.GetAsync("/search?mode=hybrid&q=harbour+lighthouse")).JsonAsync();
        Assert.True(hybrid.GetProperty("degraded").GetBoolean());
        Assert.Contains(hybrid.GetProperty("notes").EnumerateArray(), note => note.GetString()!.StartsWith("degraded:", StringComparison.Ordinal));
        Assert.NotEmpty(hybrid.Results());

        var lexical = await (await service.Http.GetAsync("/search?mode=lexical&q=uniq00007")).JsonAsync();
        Assert.False(lexical.GetProperty("degraded").GetBoolean());
        Assert.Equal(PassagesPerDocument, lexical.GetProperty("total").GetInt64());

        var vectors = (await (await service.Http.GetAsync("/stats")).JsonAsync()).GetProperty("vectors");
        Assert.Equal("minilm", vectors.Str("model"));
        Assert.Equal(Documents * PassagesPerDocument, vectors.GetProperty("total").GetInt32());
        Assert.False(vectors.GetProperty("isComplete").GetBoolean());

        var health = await (await service.Http.GetAsync("/health/ready")).JsonAsync();
        Assert.Equal("Degraded", health.GetProperty("checks").GetProperty("vectors").Str("status"));
    }

    private static void WriteSources(string seeds)
    {
        Directory.CreateDirectory(seeds);
        string[] topics = ["harbour", "lighthouse", "orchard", "glacier", "market", "railway", "library", "vineyard"];
        for (var d = 0; d < Documents; d++)
        {
            var text = new StringBuilder($"Generated article number {d}\n\n");
            for (var p = 0; p < PassagesPerDocument; p++)
            {
                text.Append($"Paragraph {p} of article uniq{d:D5} tells of the {topics[(d + p) % topics.Length]} and the {topics[(d * 3 + p) % topics.Length]} near the coast, as reported in week {d * 7 + p}.\n\n");
            }

            File.WriteAllText(Path.Combine(seeds, $"article-{d:D5}.txt"), text.ToString());
        }
    }
}
