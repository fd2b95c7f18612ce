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
                var entry = (entries is null ? null : ManifestEntry.Decode(value))
                    ?? LuceneDocumentMapper.ReadIndexedDocument(segment.Document(doc));
                manifest[entry.Metadata.DocumentId] = entry;
            }
        }

        return manifest;
    }
}
