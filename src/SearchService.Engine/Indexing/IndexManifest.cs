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
        var value = new BytesRef();
        foreach (var leaf in reader.Leaves)
        {
            var segment = leaf.AtomicReader;
            if (LiveRecords(segment) is not { } records)
            {
                continue;
            }

            var entries = segment.GetBinaryDocValues(IndexFields.Manifest);
            for (var doc = records.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = records.NextDoc())
            {
                entries?.Get(doc, value);
                var entry = (entries is null ? null : ManifestEntry.Decode(value))
                    ?? LuceneDocumentMapper.ReadIndexedDocument(segment.Document(doc));
                manifest[entry.Metadata.DocumentId] = entry;
            }
        }

        return manifest;
    }

    /// <summary>
    /// Counts the live document records from the postings of <c>type:document</c> and, per segment, reads the last
    /// record's entry (its stored fields when it has none) without decoding it: what opening an index checks.
    /// </summary>
    /// <remarks>
    /// The postings walk touches every segment's terms, postings and deletions; the last entry sits at the end of its
    /// doc-values data, so a truncated file fails here and the index is rebuilt. Reading (let alone decoding) every
    /// entry was 97 % of a restart at 1M documents (15–20 s; docs/benchmarks.md); the indexing pass reads the whole
    /// manifest later, off the ready path.
    /// </remarks>
    public static int CountRecords(IndexReader reader)
    {
        var records = 0;
        var value = new BytesRef();
        foreach (var leaf in reader.Leaves)
        {
            var segment = leaf.AtomicReader;
            if (LiveRecords(segment) is not { } postings)
            {
                continue;
            }

            var last = -1;
            for (var doc = postings.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.NextDoc())
            {
                last = doc;
                records++;
            }

            if (last >= 0)
            {
                var entries = segment.GetBinaryDocValues(IndexFields.Manifest);
                entries?.Get(last, value);
                if (entries is null || !ManifestEntry.HasEntry(value))
                {
                    LuceneDocumentMapper.ReadIndexedDocument(segment.Document(last));
                }
            }
        }

        return records;
    }

    /// <summary>The segment's live document records (the postings of <c>type:document</c>), or null when it has none.</summary>
    private static DocsEnum? LiveRecords(AtomicReader segment)
    {
        var terms = segment.GetTerms(IndexFields.Type)?.GetEnumerator();
        return terms is not null && terms.SeekExact(new BytesRef(IndexFields.DocumentType))
            ? terms.Docs(segment.LiveDocs, null, DocsFlags.NONE)
            : null;
    }
}
