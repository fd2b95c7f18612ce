using SearchService.Engine.Embeddings.Encoder;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;
using SearchService.UnitTests.Indexing;

namespace SearchService.UnitTests.Embeddings;

/// <summary>What searches get while the background encoder has not finished (held here with a test seam).</summary>
public sealed class IncompleteVectorTests : IDisposable
{
    private readonly string _modelFolder = Path.Combine(Path.GetTempPath(), "searchservice-tiny-model-" + Guid.NewGuid().ToString("N"));
    private readonly IndexFixture _fixture;

    public IncompleteVectorTests()
    {
        TinyOnnxModel.WriteTo(_modelFolder);
        _fixture = new IndexFixture(encoder: new EncoderOptions { Model = _modelFolder, CacheFolder = null });
        _fixture.Index.PauseEncoder();
        _fixture.Sync();
    }

    [Fact]
    public void WhileEncoding_LexicalAnswersInFull_WithoutNotes()
    {
        var response = _fixture.Search("bamboo diplomacy");

        Assert.NotEmpty(response.Results);
        Assert.False(response.Degraded);
        Assert.Null(response.Notes);
    }

    [Fact]
    public void WhileEncoding_SemanticIsRefused_WithTheProgress()
    {
        var error = Assert.Throws<VectorsIncompleteException>(() => _fixture.Search("bamboo diplomacy", mode: SearchMode.Semantic));

        var passages = _fixture.Index.ReadManifest().Values.Sum(d => d.PassageCount);
        Assert.Equal(new EncoderProgress(Path.GetFileName(_modelFolder), 0, passages), error.Progress);
        Assert.Contains($"vectors 0/{passages}", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.RetryAfterSeconds, 1, 60);
    }

    [Fact]
    public void WhileEncoding_HybridServesWhatItCan_AndSaysItIsDegraded()
    {
        var response = _fixture.Search("bamboo diplomacy", mode: SearchMode.Hybrid);

        Assert.NotEmpty(response.Results);
        Assert.True(response.Degraded);
        Assert.Contains(response.Notes!, note => note.Contains("vectors 0/", StringComparison.Ordinal));
    }

    [Fact]
    public void RightAfterARestart_HybridServesWithoutAnError_WhileTheEncoderHasNoVectorYet()
    {
        // The searchers of a restart are bound before the model has loaded, to an empty placeholder set; a hybrid query
        // of those seconds used to embed into the placeholder's one-float row and answer 500 ("Destination is too short").
        _fixture.Reopen();

        var response = _fixture.Search("bamboo diplomacy", mode: SearchMode.Hybrid);

        Assert.NotEmpty(response.Results);
    }

    [Fact]
    public void StatsShowProgress_UntilTheEncoderCatchesUp()
    {
        var catalog = new DocumentCatalog(_fixture.Handle, new IndexStatus());
        var passages = _fixture.Index.ReadManifest().Values.Sum(d => d.PassageCount);
        Assert.Equal($"vectors 0/{passages}", catalog.Stats().Vectors!.ToString());

        _fixture.Index.ResumeEncoder();
        Assert.True(_fixture.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));

        Assert.Equal($"vectors {passages}/{passages}", catalog.Stats().Vectors!.ToString());
        var semantic = _fixture.Search("bamboo diplomacy", mode: SearchMode.Semantic);
        Assert.False(semantic.Degraded);
        Assert.False(_fixture.Search("bamboo diplomacy", mode: SearchMode.Hybrid).Degraded);
    }

    public void Dispose()
    {
        _fixture.Dispose();
        try
        {
            Directory.Delete(_modelFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
