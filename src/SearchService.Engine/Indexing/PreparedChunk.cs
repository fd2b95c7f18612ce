using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace SearchService.Engine.Indexing;

/// <summary>
/// A run of consecutive documents made ready for the index's one <see cref="IndexWriter"/> on a worker thread: their
/// records prepared (<see cref="PreparedDocument"/>) and, when the run is large enough to be worth a segment of its
/// own, already inverted into a private in-memory index (a second <see cref="IndexWriter"/> over a
/// <see cref="RAMDirectory"/>, never over the index folder). The index's writer then only copies that segment in
/// (<see cref="IndexWriter.AddIndexes(Lucene.Net.Store.Directory[])"/>), so the inversion and the segment flush, most
/// of what the writing thread did, run on every core. Runs are added in their order and a segment keeps its documents'
/// order, so doc ids (BM25 ties go to the lower one) are those of a one-by-one loop.
/// </summary>
internal sealed class PreparedChunk<TParsed> : IDisposable
{
    private PreparedChunk(IReadOnlyList<TParsed> parsed, IReadOnlyList<(string DocumentId, List<Document> Records)> documents, RAMDirectory? segment)
    {
        Parsed = parsed;
        Documents = documents;
        Segment = segment;
    }

    /// <summary>Every item of the run as parsed, in order (with or without a document to index).</summary>
    public IReadOnlyList<TParsed> Parsed { get; }

    /// <summary>The documents to index, in order; their records are already in <see cref="Segment"/> when it is set.</summary>
    public IReadOnlyList<(string DocumentId, List<Document> Records)> Documents { get; }

    /// <summary>The documents inverted into one private segment, or null: the writer adds <see cref="Documents"/> itself.</summary>
    public RAMDirectory? Segment { get; }

    /// <summary>
    /// Parses, prepares and (from <paramref name="segmentPassages"/> passages on) inverts <paramref name="items"/> on
    /// this thread. <paramref name="upsert"/>: a document id seen twice in the run keeps its last version, as
    /// <see cref="IndexWriter.UpdateDocuments"/> one by one would.
    /// </summary>
    public static PreparedChunk<TParsed> Prepare<TSource>(
        IReadOnlyList<TSource> items,
        Func<TSource, TParsed> parse,
        Func<TParsed, DocumentToIndex?> documentOf,
        Analyzer analyzer,
        Similarity similarity,
        DateTimeOffset indexedAt,
        int segmentPassages,
        bool upsert)
    {
        var parsed = new List<TParsed>(items.Count);
        var documents = new List<(string, List<Document>)>(items.Count);
        var passages = 0;
        foreach (var item in items)
        {
            var result = parse(item);
            parsed.Add(result);
            if (documentOf(result) is { } document)
            {
                documents.Add((document.Parsed.Metadata.DocumentId, PreparedDocument.Prepare(analyzer, document, indexedAt)));
                passages += document.Parsed.Passages.Count;
            }
        }

        // Ids repeated within the run need the private writer's update-by-id; distinct ones are plain adds (the index's
        // writer deletes their older versions before it copies the segment in).
        var repeated = upsert && documents.Select(d => d.Item1).Distinct(StringComparer.Ordinal).Count() != documents.Count;
        var segment = documents.Count > 0 && passages >= segmentPassages ? Invert(documents, analyzer, similarity, repeated) : null;
        return new PreparedChunk<TParsed>(parsed, documents, segment);
    }

    /// <summary>
    /// One segment holding <paramref name="documents"/> in order, as the index's writer would have flushed them: the
    /// same similarity (norms), analyzer (gaps between values) and codec. Merges are off and the RAM buffer is far
    /// above a chunk's needs, so the run is one segment (should it flush twice, the segments keep the order).
    /// </summary>
    private static RAMDirectory Invert(List<(string DocumentId, List<Document> Records)> documents, Analyzer analyzer, Similarity similarity, bool updateById)
    {
        var directory = new RAMDirectory();
        try
        {
            var config = new IndexWriterConfig(Analysis.SearchAnalyzer.Version, analyzer)
            {
                OpenMode = OpenMode.CREATE,
                Similarity = similarity,
                RAMBufferSizeMB = 512,
                MergePolicy = NoMergePolicy.COMPOUND_FILES,
                MergeScheduler = NoMergeScheduler.INSTANCE,
            };
            using var writer = new IndexWriter(directory, config);
            foreach (var (documentId, records) in documents)
            {
                LuceneIndex.WriteRecords(writer, documentId, records, updateById);
            }

            writer.Commit();
            return directory;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public void Dispose() => Segment?.Dispose();
}
