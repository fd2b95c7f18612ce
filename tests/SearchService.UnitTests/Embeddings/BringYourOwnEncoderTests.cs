using System.Numerics.Tensors;
using SearchService.Engine.Embeddings.Encoder;
using SearchService.UnitTests.Indexing;

namespace SearchService.UnitTests.Embeddings;

public sealed class BringYourOwnEncoderTests : IDisposable
{
    private readonly string _modelFolder = Path.Combine(Path.GetTempPath(), "searchservice-tiny-model-" + Guid.NewGuid().ToString("N"));

    public BringYourOwnEncoderTests() => TinyOnnxModel.WriteTo(_modelFolder);

    [Fact]
    public void FolderModel_IsLoadedWithItsOwnVocabulary_AndPooledAsConfigured()
    {
        using var encoder = SentenceEncoder.Load(new EncoderOptions { Model = _modelFolder, Pooling = EncoderPooling.Mean, CacheFolder = null });
        var passages = encoder.EmbedPassages(["bamboo diplomacy", "rice export", "Bamboo"]);

        Assert.Equal(TinyOnnxModel.Words.Length, encoder.Dimensions);
        Assert.StartsWith(Path.GetFileName(_modelFolder) + "@", encoder.Fingerprint, StringComparison.Ordinal);
        Assert.Equal(0f, TensorPrimitives.Dot(passages.Row(0), passages.Row(1)), 1e-6f);
        Assert.Equal(MathF.Sqrt(0.5f), TensorPrimitives.Dot(passages.Row(0), passages.Row(2)), 1e-5f);
    }

    [Fact]
    public void FolderModel_IndexesAndServesSemanticSearch_EndToEnd()
    {
        using var fixture = new IndexFixture(encoder: new EncoderOptions { Model = _modelFolder, CacheFolder = null });
        File.WriteAllText(Path.Combine(fixture.SeedsPath, "zz-rivers.txt"), "Rivers of the delta\n\nThe river flood reached the school and the teacher closed it.\n");
        fixture.Sync();

        Assert.True(fixture.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));
        var progress = fixture.Index.EncoderProgress!;
        Assert.True(progress.IsComplete);
        Assert.Equal(fixture.Index.ReadManifest().Values.Sum(d => d.PassageCount), progress.Total);

        var top = fixture.Index.Read(searcher =>
        {
            var encoded = searcher.Encoded!;
            var hits = encoded.TopK(encoded.EmbedQuery("flood teacher"), 3);
            return searcher.Doc(hits[0].Doc).Get(Engine.Indexing.IndexFields.PassageId);
        });
        Assert.StartsWith("zz-rivers#", top, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelThatFailsToLoad_DoesNotHoldUpTheIndex_LexicalServes_AndTheEncoderErrorIsReported()
    {
        // The model loads in the background: the index opens (and a restart is ready) without waiting for it. Before,
        // the load ran inside the open, so this fixture's constructor threw.
        File.WriteAllText(Path.Combine(_modelFolder, "model.onnx"), "not an ONNX model");
        using var fixture = new IndexFixture(encoder: new EncoderOptions { Model = _modelFolder, CacheFolder = null });
        File.WriteAllText(Path.Combine(fixture.SeedsPath, "zz-rivers.txt"), "Rivers of the delta\n\nThe river flood reached the school.\n");
        fixture.Sync();

        Assert.False(fixture.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));
        Assert.Contains("did not load", fixture.Index.EncoderError, StringComparison.Ordinal);
        Assert.Contains(fixture.Search("river flood").Results, hit => hit.PassageId.StartsWith("zz-rivers#", StringComparison.Ordinal));
        Assert.Throws<Engine.Retrieval.SemanticUnavailableException>(() => fixture.Search("river flood", mode: Engine.Retrieval.SearchMode.Semantic));
        Assert.Throws<Engine.Retrieval.SemanticUnavailableException>(() => fixture.Search("river flood", mode: Engine.Retrieval.SearchMode.Hybrid));
    }

    [Fact]
    public void AMissingModelFolder_IsRefusedAtOnce_NotInTheBackgroundLoad()
    {
        // The index's open calls this first, so a misconfigured model still fails the open, before the index is touched.
        var error = Assert.Throws<FileNotFoundException>(() => { _ = SentenceEncoder.LoadSharedInBackground(new EncoderOptions { Model = Path.Combine(_modelFolder, "missing") }); });
        Assert.Contains("model.onnx and vocab.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangingTheModelFile_ChangesTheFingerprint()
    {
        using var before = SentenceEncoder.Load(new EncoderOptions { Model = _modelFolder });
        File.AppendAllLines(Path.Combine(_modelFolder, "vocab.txt"), ["extra"]);
        using var after = SentenceEncoder.Load(new EncoderOptions { Model = _modelFolder });

        Assert.NotEqual(before.Fingerprint, after.Fingerprint);
    }

    [Fact]
    public void FolderWithoutAModel_IsRefusedWithAClearMessage()
    {
        var error = Assert.Throws<FileNotFoundException>(() => SentenceEncoder.Load(new EncoderOptions { Model = Path.Combine(_modelFolder, "missing") }));
        Assert.Contains("model.onnx and vocab.txt", error.Message, StringComparison.Ordinal);
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
