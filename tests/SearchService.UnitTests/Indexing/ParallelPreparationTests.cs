using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;

namespace SearchService.UnitTests.Indexing;

/// <summary>
/// Records prepared ahead of the writer (analysed on other threads, replayed to Lucene) must give the index the
/// writer would have built by analysing the text itself, in the same doc order: rankings break ties by doc id.
/// </summary>
public sealed class ParallelPreparationTests
{
    private static readonly SearchAnalyzer Analyzer = new(new AnalysisOptions());

    [Theory]
    [InlineData(IndexFields.Text, "The minister's visit to the U.S.A. was, in the end, a success of the year")]
    [InlineData(IndexFields.Words, "Café owners in Hà Nội said the visit was over and done with")]
    [InlineData(IndexFields.Title, "")]
    public void Replay_GivesTheAnalyzersOwnTokensAndEnd(string field, string text)
    {
        var replayed = Tokens(AnalyzedTokens.ReplayOnThisThread(AnalyzedTokens.Analyze(Analyzer, field, text)));

        Assert.Equal(Tokens(Analyzer.GetTokenStream(field, text)), replayed);
    }

    [Theory]
    [InlineData(IndexFields.Text, "The minister's visit to Viet Nam and the U.S.A. was, in the end, a success of the year")]
    [InlineData(IndexFields.Title, "Việt Nam's ports: Hà Nội, Hải Phòng and viet")]
    [InlineData(IndexFields.Section, "It is what it is, and so it was")]
    [InlineData(IndexFields.Text, "")]
    public void StemmingStagesOverSurfaceTokens_GiveTheAnalyzersOwnTokensAndEnd(string field, string text)
    {
        // A token over the standard tokenizer's 255-character limit is skipped with a position gap, here mid-text and at the end.
        foreach (var value in new[] { text, $"{text} {new string('x', 300)} harbour", $"{text} the {new string('y', 300)}" })
        {
            var surface = AnalyzedTokens.Analyze(Analyzer, IndexFields.Words, value);

            Assert.Equal(Tokens(Analyzer.GetTokenStream(field, value)), Tokens(AnalyzedTokens.ReplayOnThisThread(AnalyzedTokens.Stem(Analyzer, surface))));
        }
    }

    [Fact]
    public void PreparedRecords_IndexTheSamePostingsNormsAndDocOrderAsTheWriterAnalysingText()
    {
        var documents = SeedDocuments();
        var indexedAt = DateTimeOffset.UnixEpoch;
        using var byWriter = Build(documents.Select(d => LuceneDocumentMapper.ToRecords(d.Parsed, d.Fingerprint, indexedAt).ToList()));
        using var prepared = Build(OrderedParallel.Stream(documents, d => PreparedDocument.Prepare(Analyzer, d, indexedAt)));

        Assert.Equal(byWriter.MaxDoc, prepared.MaxDoc);
        Assert.Equal(Dump(byWriter), Dump(prepared));
    }

    [Fact]
    public void Stream_GivesResultsInInputOrder_AndAFailureAsItsOwnException()
    {
        var items = Enumerable.Range(0, 500).ToList();

        Assert.Equal(items.Select(i => i * 2), OrderedParallel.Stream(items, i => i * 2));
        var failure = Assert.Throws<InvalidOperationException>(() => OrderedParallel.Stream(items, i => i == 321 ? throw new InvalidOperationException("item 321") : i).ToList());
        Assert.Equal("item 321", failure.Message);
    }

    [Fact]
    public void Ahead_GivesResultsInInputOrder_AndAFailureAsItsOwnException_AfterWaitingForWhatIsInFlight()
    {
        var items = Enumerable.Range(0, 200).ToList();
        var discarded = new System.Collections.Concurrent.ConcurrentBag<int>();

        Assert.Equal(items.Select(i => i * 2), OrderedParallel.Ahead(items, i => i * 2, ahead: 3, discarded.Add));
        Assert.Empty(discarded);

        var started = 0;
        var failure = Assert.Throws<InvalidOperationException>(() => OrderedParallel.Ahead(items, i =>
        {
            Interlocked.Increment(ref started);
            return i == 50 ? throw new InvalidOperationException("item 50") : i;
        }, ahead: 3, discarded.Add).ToList());

        // Items are enumerated only as room frees up (never the whole input), and those in flight behind the failure are finished and handed back.
        Assert.Equal("item 50", failure.Message);
        Assert.InRange(started, 51, 53);
        Assert.Equal(started - 51, discarded.Count);
        Assert.All(discarded, i => Assert.InRange(i, 51, 52));
    }

    [Fact]
    public void Sync_OfMoreFilesThanABatch_IndexesThemInReadingOrder()
    {
        using var fixture = new IndexFixture();
        foreach (var n in Enumerable.Range(0, 3 * SeedSynchronizer.BatchSize + 5))
        {
            File.WriteAllText(Path.Combine(fixture.SeedsPath, $"5{n:000}_batch.txt"), $"Headline number {n}\n\nThe harbour office counted {n} ferries leaving the port this week.\n");
        }

        var report = fixture.Sync();

        Assert.Equal(3 * SeedSynchronizer.BatchSize + 10, report.Added.Count);
        var order = fixture.Index.Read(searcher =>
        {
            var ids = new List<string>();
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                var values = leaf.AtomicReader.GetSortedDocValues(IndexFields.DocumentId);
                for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
                {
                    var id = new BytesRef();
                    values.Get(doc, id);
                    if (id.Length > 0 && (ids.Count == 0 || ids[^1] != id.Utf8ToString()))
                    {
                        ids.Add(id.Utf8ToString());
                    }
                }
            }

            return ids;
        });
        Assert.Equal(order.Order(StringComparer.Ordinal), order);
        Assert.Equal(report.Added.Count, order.Count);
    }

    [Fact]
    public void Sync_CommitsWhenTheIntervalHasPassed_NotAfterEveryBatch()
    {
        using var everyBatch = new IndexFixture();
        using var byTime = new IndexFixture();
        foreach (var fixture in new[] { everyBatch, byTime })
        {
            foreach (var n in Enumerable.Range(0, 3 * SeedSynchronizer.BatchSize + 5))
            {
                File.WriteAllText(Path.Combine(fixture.SeedsPath, $"6{n:000}_commit.txt"), $"Headline number {n}\n\nThe ferry office counted {n} crossings this week.\n");
            }
        }

        var before = (Generation(everyBatch), Generation(byTime));
        everyBatch.Sync(TimeSpan.Zero);
        byTime.Sync(TimeSpan.FromHours(1));

        // Four batches (the five seeds and 197 new files): a commit after each and the final one, against the final one alone.
        Assert.Equal(5, Generation(everyBatch) - before.Item1);
        Assert.Equal(1, Generation(byTime) - before.Item2);
        Assert.Equal(everyBatch.ReadManifestIds(), byTime.ReadManifestIds());
    }

    private static long Generation(IndexFixture fixture)
    {
        using var directory = FSDirectory.Open(fixture.IndexPath);
        return SegmentInfos.GetLastCommitGeneration(directory);
    }

    private static List<DocumentToIndex> SeedDocuments()
    {
        var parser = new ArticleParser();
        return System.IO.Directory.EnumerateFiles(SeedCorpus.SeedsPath, "*.txt").Order(StringComparer.Ordinal)
            .Select(path => new DocumentToIndex(
                parser.Parse(ArticleParser.DocumentIdFromPath(path), Path.GetFileName(path), File.ReadAllText(path)),
                new SourceFingerprint("hash", 1, DateTime.UnixEpoch)))
            .ToList();
    }

    private static DirectoryReader Build(IEnumerable<List<Lucene.Net.Documents.Document>> records)
    {
        var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzer.Version, Analyzer) { Similarity = new RankingOptions().CreateSimilarity() }))
        {
            foreach (var document in records)
            {
                writer.AddDocuments(document);
            }

            writer.Commit();
        }

        return DirectoryReader.Open(directory);
    }

    /// <summary>Every indexed field's terms with their postings (doc, frequency, positions, offsets where indexed) and every doc's norm, as text.</summary>
    internal static List<string> Dump(DirectoryReader reader)
    {
        var lines = new List<string>();
        var leaves = SlowCompositeReaderWrapper.Wrap(reader);
        foreach (var field in MultiFields.GetFields(reader))
        {
            var terms = MultiFields.GetTerms(reader, field).GetEnumerator();
            while (terms.MoveNext())
            {
                var postings = terms.DocsAndPositions(null, null);
                var line = new System.Text.StringBuilder($"{field}:{terms.Term.Utf8ToString()}");
                if (postings is null)
                {
                    var docs = terms.Docs(null, null, DocsFlags.FREQS);
                    while (docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
                    {
                        line.Append($" {docs.DocID}");
                    }
                }
                else
                {
                    while (postings.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
                    {
                        line.Append($" {postings.DocID}x{postings.Freq}@");
                        for (var i = 0; i < postings.Freq; i++)
                        {
                            line.Append(postings.NextPosition()).Append(':').Append(postings.StartOffset).Append('-').Append(postings.EndOffset).Append(',');
                        }
                    }
                }

                lines.Add(line.ToString());
            }

            if (leaves.GetNormValues(field) is { } norms)
            {
                lines.Add($"{field} norms: " + string.Join(' ', Enumerable.Range(0, reader.MaxDoc).Select(norms.Get)));
            }
        }

        return lines;
    }

    private static List<(string Term, int Increment, int Start, int End)> Tokens(TokenStream stream)
    {
        var tokens = new List<(string, int, int, int)>();
        using (stream)
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var increment = stream.AddAttribute<IPositionIncrementAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                tokens.Add((term.ToString(), increment.PositionIncrement, offset.StartOffset, offset.EndOffset));
            }

            stream.End();
            tokens.Add(("<end>", increment.PositionIncrement, offset.StartOffset, offset.EndOffset));
        }

        return tokens;
    }
}
