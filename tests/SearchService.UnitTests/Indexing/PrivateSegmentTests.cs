using Lucene.Net.Index;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;

namespace SearchService.UnitTests.Indexing;

/// <summary>
/// Runs of documents inverted into private in-memory segments on worker threads and copied into the index in order
/// (<see cref="LuceneIndex.UpsertAll{TSource, TParsed}"/>, <see cref="LuceneIndex.AddAll"/>) must leave the index one
/// writer adding document after document leaves: same postings, norms, doc values and doc order (BM25 ties go to the
/// lower doc id), the same replacements, and after a crash mid-load a usable index holding exactly its last commit.
/// </summary>
public sealed class PrivateSegmentTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "searchservice-segments-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void AddAll_ThroughPrivateSegments_IndexesTheSamePostingsNormsDocValuesAndDocOrderAsOneWriter()
    {
        var documents = Documents(copies: 4, version: "first");
        using var oneWriter = Open("one", segmentPassages: int.MaxValue);
        using var segments = Open("segments", segmentPassages: 1, chunkPassages: 40);

        oneWriter.AddAll(documents);
        segments.AddAll(documents);
        oneWriter.Commit(new HashSet<string>());
        segments.Commit(new HashSet<string>());

        // Many runs, so many segments copied in (and merged: more than a merge factor's worth of them).
        Assert.True(documents.Sum(d => d.Parsed.Passages.Count) / 40 > 10);
        Assert.Equal(1, oneWriter.Read(searcher => searcher.IndexReader.Leaves.Count));
        Assert.Equal(Read(oneWriter, reader => ParallelPreparationTests.Dump(reader)), Read(segments, reader => ParallelPreparationTests.Dump(reader)));
        Assert.Equal(Read(oneWriter, PassagesInDocOrder), Read(segments, PassagesInDocOrder));
    }

    [Fact]
    public void UpsertAll_ThroughPrivateSegments_ReplacesEarlierVersions_AndTheLastOfAnIdRepeatedInARunWins()
    {
        using var index = Open("upsert", segmentPassages: 1, chunkPassages: 1_000);
        var first = Documents(copies: 2, version: "first");
        index.UpsertAll(first);
        index.Commit(new HashSet<string>());

        var second = Documents(copies: 2, version: "second");
        var third = Documents(copies: 1, version: "third");
        index.UpsertAll([second[1], second[3], third[1], second[6]]);
        index.Commit(new HashSet<string>());

        var expected = first.Select(d => d.Parsed).ToDictionary(d => d.Metadata.DocumentId);
        foreach (var replaced in new[] { second[3], third[1], second[6] })
        {
            expected[replaced.Parsed.Metadata.DocumentId] = replaced.Parsed;
        }

        var live = Read(index, LivePassages);
        Assert.Equal(
            expected.Values.SelectMany(d => d.Passages.Select(p => (p.DocumentId, p.PassageId, p.Text))).Order(),
            live.Order());
    }

    [Fact]
    public void ABulkLoadCrashingBeforeItsNextCommit_LeavesAUsableIndexOfItsLastCommit_ThatANewLoadCompletes()
    {
        var documents = Documents(copies: 3, version: "first");
        var runs = documents.Chunk(4).ToList();
        var path = Path.Combine(_root, "crash");
        var atCrash = Path.Combine(_root, "crash-copy");
        List<string> committed = [];
        using (var index = Open("crash", segmentPassages: 1))
        {
            var written = 0;
            var failure = Assert.Throws<InvalidOperationException>(() => index.UpsertAll(
                runs,
                document => document.Parsed.Metadata.DocumentId == runs[3][0].Parsed.Metadata.DocumentId ? throw new InvalidOperationException("parser failed") : document,
                document => document,
                run =>
                {
                    written++;
                    if (written == 1)
                    {
                        index.Commit(run.Select(d => d.Parsed.Metadata.DocumentId).ToHashSet(), final: false);
                        committed = run.Select(d => d.Parsed.Metadata.DocumentId).Order(StringComparer.Ordinal).ToList();
                    }
                    else if (written == 3)
                    {
                        // What a kill leaves on disk: the committed segments plus two runs' copied-in segments that no commit names.
                        CopyFolder(path, atCrash);
                    }
                }));
            Assert.Equal("parser failed", failure.Message);
        }

        Assert.Contains(Directory.EnumerateFiles(atCrash), f => Path.GetFileName(f).StartsWith("_", StringComparison.Ordinal) && !IsReferencedByTheLastCommit(atCrash, Path.GetFileName(f)));
        using var reopened = LuceneIndex.Open(atCrash, new SearchAnalyzer(new AnalysisOptions()), new RankingOptions(), embedding: null, NullLogger.Instance);

        Assert.Null(reopened.Recovery);
        Assert.Equal(committed, reopened.ReadManifest().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(documents.Where(d => committed.Contains(d.Parsed.Metadata.DocumentId)).Sum(d => d.Parsed.Passages.Count), Read(reopened, LivePassages).Count);
        Assert.DoesNotContain(Directory.EnumerateFiles(atCrash), f => Path.GetFileName(f).StartsWith("_", StringComparison.Ordinal) && !IsReferencedByTheLastCommit(atCrash, Path.GetFileName(f)));

        reopened.UpsertAll(documents);
        reopened.Commit(documents.Select(d => d.Parsed.Metadata.DocumentId).ToHashSet());
        Assert.Equal(documents.Select(d => d.Parsed.Metadata.DocumentId).Order(StringComparer.Ordinal), reopened.ReadManifest().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(documents.Sum(d => d.Parsed.Passages.Count), Read(reopened, LivePassages).Count);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private LuceneIndex Open(string name, int segmentPassages, int? chunkPassages = null)
    {
        var index = LuceneIndex.Open(Path.Combine(_root, name), new SearchAnalyzer(new AnalysisOptions()), new RankingOptions(), embedding: null, NullLogger.Instance);
        index.SegmentPassages = segmentPassages;
        index.ChunkPassages = chunkPassages ?? index.ChunkPassages;
        return index;
    }

    /// <summary><paramref name="copies"/> copies of each seed under their own ids; the version word goes into every passage.</summary>
    private static List<DocumentToIndex> Documents(int copies, string version)
    {
        var parser = new ArticleParser();
        var seeds = Directory.EnumerateFiles(SeedCorpus.SeedsPath, "*.txt").Order(StringComparer.Ordinal).ToList();
        return Enumerable.Range(0, copies)
            .SelectMany(copy => seeds.Select(path => (copy, path)))
            .Select(item =>
            {
                var name = $"{item.copy}{Path.GetFileName(item.path)}";
                var text = File.ReadAllText(item.path).Replace("\n\n", $" {version}\n\n", StringComparison.Ordinal);
                return new DocumentToIndex(parser.Parse(ArticleParser.DocumentIdFromPath(name), name, text), new SourceFingerprint(version, text.Length, DateTime.UnixEpoch));
            })
            .ToList();
    }

    private static T Read<T>(LuceneIndex index, Func<DirectoryReader, T> read) => index.Read(searcher => read((DirectoryReader)searcher.IndexReader));

    /// <summary>Every doc's passage id and served passage, in doc-id order (deleted docs included: their slots are doc ids too).</summary>
    private static List<string> PassagesInDocOrder(DirectoryReader reader)
    {
        var docs = new List<string>();
        foreach (var leaf in reader.Leaves)
        {
            var ids = leaf.AtomicReader.GetSortedDocValues(IndexFields.PassageId);
            var hits = leaf.AtomicReader.GetBinaryDocValues(IndexFields.HitPassage);
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                var id = new BytesRef();
                var hit = new BytesRef();
                ids?.Get(doc, id);
                hits?.Get(doc, hit);
                docs.Add($"{id.Utf8ToString()} {hit.Utf8ToString()}");
            }
        }

        return docs;
    }

    private static List<(string DocumentId, string PassageId, string Text)> LivePassages(DirectoryReader reader)
    {
        var passages = new List<(string, string, string)>();
        var live = MultiFields.GetLiveDocs(reader);
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if ((live is null || live.Get(doc)) && reader.Document(doc).Get(IndexFields.PassageId) is not null)
            {
                var (passage, _) = LuceneDocumentMapper.ReadHit(reader, doc);
                passages.Add((passage.DocumentId, passage.PassageId, passage.Text));
            }
        }

        return passages;
    }

    private static bool IsReferencedByTheLastCommit(string path, string file)
    {
        using var directory = Lucene.Net.Store.FSDirectory.Open(path);
        var infos = new SegmentInfos();
        infos.Read(directory);
        return infos.GetFiles(directory, true).Contains(file);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        // The locks are held by the running process (a kill releases them); everything else is copied as it is.
        foreach (var file in Directory.EnumerateFiles(from).Where(f => Path.GetFileName(f) is not (IndexFolderLock.FileName or "write.lock")))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
