using SearchService.Engine.Embeddings.Encoder;
using SearchService.Engine.Indexing;
using SearchService.UnitTests.Indexing;

namespace SearchService.UnitTests.Embeddings;

/// <summary>Encoder vectors of a real on-disk index: built in the background, saved, reused by text hash.</summary>
public sealed class EncoderVectorTests : IDisposable
{
    private readonly string _modelFolder = Path.Combine(Path.GetTempPath(), "searchservice-tiny-model-" + Guid.NewGuid().ToString("N"));

    // The tiny hand-written model keeps these tests about bookkeeping fast; no shared cache, so reuse is the index's own.
    public EncoderVectorTests() => TinyOnnxModel.WriteTo(_modelFolder);

    private EncoderOptions Tiny => new() { Model = _modelFolder, CacheFolder = null };

    [Fact]
    public void Commit_IsSearchableLexically_AndEveryPassageGetsAVectorInTheBackground()
    {
        using var fixture = new IndexFixture(encoder: Tiny);
        fixture.Sync();

        Assert.NotEmpty(fixture.Search("bamboo").Results);
        Assert.True(fixture.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));
        var binding = fixture.Index.Read(s => s.Encoded!);
        Assert.Equal(fixture.Index.ReadManifest().Values.Sum(d => d.PassageCount), binding.Progress.Total);
        Assert.Equal(binding.Progress.Total, binding.Vectors.Count);
        Assert.All(Enumerable.Range(0, binding.Vectors.Count), row => Assert.True(binding.DocOf(row) >= 0));
        Assert.Equal($"vectors {binding.Progress.Total}/{binding.Progress.Total}", binding.Progress.ToString());
    }

    [Fact]
    public void Restart_LoadsSavedVectors_WithoutEncodingAgain()
    {
        using var fixture = new IndexFixture(encoder: Tiny);
        fixture.Sync();
        Assert.True(fixture.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));
        var before = fixture.Index.Read(s => s.Encoded!.Vectors);

        fixture.Reopen();
        Assert.True(fixture.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));

        var after = fixture.Index.Read(s => s.Encoded!.Vectors);
        Assert.Equal((0L, (long)before.Count), fixture.Index.EncoderWork);
        foreach (var id in before.PassageIds)
        {
            Assert.True(before.TryGetRow(id, out var a));
            Assert.True(after.TryGetRow(id, out var b));
            Assert.Equal(before.Vectors.Row(a).ToArray(), after.Vectors.Row(b).ToArray());
        }
    }

    [Fact]
    public void ChangedDocument_ReencodesOnlyItsChangedPassage()
    {
        using var fixture = new IndexFixture(encoder: Tiny);
        var source = Path.Combine(fixture.SeedsPath, "zz-rivers.txt");
        File.WriteAllText(source, "Rivers\n\nThe river flood reached the school.\n\nThe teacher closed it.\n");
        fixture.Sync();
        Assert.True(fixture.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));
        var (encodedBefore, _) = fixture.Index.EncoderWork;

        File.WriteAllText(source, "Rivers\n\nThe river flood reached the school.\n\nThe teacher opened it again.\n");
        fixture.Sync();
        Assert.True(fixture.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));

        Assert.Equal(1, fixture.Index.EncoderWork.Encoded - encodedBefore);
        var text = fixture.Index.Read(s =>
        {
            var encoded = s.Encoded!;
            var top = encoded.TopK(encoded.EmbedQuery("teacher"), 1);
            return s.Doc(top[0].Doc).Get(IndexFields.PassageId);
        });
        Assert.StartsWith("zz-rivers#", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherModel_ReencodesEverything_NeverMixingVectors()
    {
        using var fixture = new IndexFixture(encoder: Tiny);
        fixture.Sync();
        Assert.True(fixture.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));
        var before = fixture.Index.Read(s => s.Encoded!.Vectors);

        File.AppendAllLines(Path.Combine(_modelFolder, "vocab.txt"), ["extra"]);
        fixture.Reopen();
        Assert.True(fixture.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));

        var after = fixture.Index.Read(s => s.Encoded!.Vectors);
        Assert.NotEqual(before.Fingerprint, after.Fingerprint);
        Assert.Equal((long)after.Count, fixture.Index.EncoderWork.Encoded);
    }

    [Fact]
    public void DamagedVectorFile_IsEncodedAgain_NotServed()
    {
        using var fixture = new IndexFixture(encoder: Tiny);
        fixture.Sync();
        Assert.True(fixture.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));
        fixture.Index.Dispose();
        File.WriteAllText(new EncodedStore(fixture.IndexPath).FilePath, "garbage");

        fixture.Reopen();
        Assert.True(fixture.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));

        Assert.True(fixture.Index.EncoderWork.Encoded > 0);
        Assert.True(fixture.Index.EncoderProgress!.IsComplete);
    }

    [Fact]
    public void SharedCache_LetsASecondIndexReuseTheFirstIndexsVectors()
    {
        var cache = Path.Combine(Path.GetTempPath(), "searchservice-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var first = new IndexFixture(encoder: new EncoderOptions { Model = _modelFolder, CacheFolder = cache }))
            {
                first.Sync();
                Assert.True(first.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));
            }

            using var second = new IndexFixture(encoder: new EncoderOptions { Model = _modelFolder, CacheFolder = cache });
            second.Sync();
            Assert.True(second.Index.WaitForEncoder(TimeSpan.FromMinutes(2)));

            Assert.Equal(0, second.Index.EncoderWork.Encoded);
            Assert.True(second.Index.EncoderWork.Reused > 0);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
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
