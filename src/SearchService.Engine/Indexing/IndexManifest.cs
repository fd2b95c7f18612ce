using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace SearchService.Engine.Indexing;

/// <summary>
/// Reads the manifest (every live document record's <see cref="IndexedDocument"/>) segment by segment: the document
/// records from the postings of <c>type:document</c>, each entry from its <see cref="ManifestEntry"/> doc value, and
/// from stored fields only for a record without one.
/// </summary>
internal static class IndexManifest
{
    public static IReadOnlyDictionary<string, IndexedDocument> Read(IndexReader reader)
    {
        var manifest = new Dictionary<string, IndexedDocument>(StringComparer.Ordinal);
        ForEachRecord(reader, (segment, doc, value) =>
        {
            var entry = (value is null ? null : ManifestEntry.Decode(value))
                ?? LuceneDocumentMapper.ReadIndexedDocument(segment.Document(doc));
            manifest[entry.Metadata.DocumentId] = entry;
        });
        return manifest;
    }

    /// <summary>
    /// Touches every live document record as <see cref="Read"/> does (postings, deletions, the entries' doc values, and
    /// stored fields for a record without a readable entry) without decoding the entries, and counts the records.
    /// </summary>
    /// <remarks>
    /// What opening an index checks. Decoding each entry's metadata JSON was 97 % of a restart at 1M documents
    /// (15–20 s; docs/benchmarks.md); the indexing pass decodes the manifest later, off the ready path.
    /// </remarks>
    public static int CountRecords(IndexReader reader)
    {
        var records = 0;
        ForEachRecord(reader, (segment, doc, value) =>
        {
            if (value is null || !ManifestEntry.HasEntry(value))
            {
                LuceneDocumentMapper.ReadIndexedDocument(segment.Document(doc));
            }

            records++;
        });
        return records;
    }

    private static void ForEachRecord(IndexReader reader, Action<AtomicReader, int, BytesRef?> visit)
    {
        var documentType = new BytesRef(IndexFields.DocumentType);
        var value = new BytesRef();
        foreach (var leaf in reader.Leaves)
        {
            var segment = leaf.AtomicReader;
            var terms = segment.GetTerms(IndexFields.Type)?.GetEnumerator();
            if (terms is null || !terms.SeekExact(documentType))
            {
                continue;
            }

            var entries = segment.GetBinaryDocValues(IndexFields.Manifest);
            var records = terms.Docs(segment.LiveDocs, null, DocsFlags.NONE);
            for (var doc = records.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = records.NextDoc())
            {
                entries?.Get(doc, value);
                visit(segment, doc, entries is null ? null : value);
            }
        }
    }
}
