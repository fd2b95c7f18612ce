using SearchService.Engine;
using SearchService.Engine.Embeddings.Encoder;
using SearchService.Engine.Ranking.Learned;
using SearchService.UnitTests.Embeddings;
using SearchService.UnitTests.Indexing;

namespace SearchService.UnitTests.Learning;

/// <summary>
/// Learned mode ranks the hybrid pool (whose encoder signal embeds the query) and then adds the encoder's features
/// (the query's cosine with each candidate): one request, one encoder pass over the query. Counted on a real ONNX
/// encoder of the test's own (a private model folder, so no other test shares the instance).
/// </summary>
public sealed class QueryEmbeddedOnceTests : IDisposable
{
    private readonly string _modelFolder = Path.Combine(Path.GetTempPath(), "searchservice-once-model-" + Guid.NewGuid().ToString("N"));

    public QueryEmbeddedOnceTests() => TinyOnnxModel.WriteTo(_modelFolder);

    [Fact]
    public void LearnedFeatures_EmbedTheQueryWithTheEncoderOnce_AndStillComputeTheEncoderFeatures()
    {
        var encoderOptions = new EncoderOptions { Model = _modelFolder, CacheFolder = null };
        using var fixture = new IndexFixture(encoder: encoderOptions);
        File.WriteAllText(Path.Combine(fixture.SeedsPath, "zz-rivers.txt"), "Rivers of the delta\n\nThe river flood reached the school and the teacher closed it.\n");
        fixture.Sync();
        Assert.True(fixture.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));
        var options = new SearchOptions { SeedsPath = fixture.SeedsPath, IndexPath = fixture.IndexPath, Analysis = fixture.Analysis, Embeddings = encoderOptions };
        var encoder = fixture.Index.Read(searcher => searcher.Encoded!.Encoder);
        var before = encoder.QueriesEmbedded;

        var rows = new RankingFeatures(fixture.Handle, options).Extract("river flood school teacher");

        Assert.Equal(1, encoder.QueriesEmbedded - before);
        var encoderCosine = RankingFeatures.Names.ToList().IndexOf("encoder_cosine");
        Assert.Contains(rows, row => row.Passage.DocumentId == "zz-rivers" && row.Features[encoderCosine] > 0f);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_modelFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
