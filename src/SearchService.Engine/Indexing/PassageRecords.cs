using Lucene.Net.Index;
using Lucene.Net.Util;
using SearchService.Engine.Embeddings;

namespace SearchService.Engine.Indexing;

/// <summary>Reads passages back out of a reader: keys from the id doc values (cheap), text from the hit doc values (only when asked).</summary>
internal static class PassageRecords
{
    public static IReadOnlyList<PassageKey> Keys(IndexReader reader) => Scan(reader, _ => true, (_, _, key) => key).ToList();

    /// <summary>The passages of the documents the filter accepts, read as the sequence is enumerated (never all held), in <see cref="Keys"/>' order.</summary>
    public static IEnumerable<StoredPassage> Load(IndexReader reader, Func<string, bool> documentFilter)
    {
        // One passage reader per segment (doc values, stored JSON only for a passage over the doc-value limit).
        AtomicReader? segment = null;
        PassageReader? passages = null;
        return Scan(reader, documentFilter, (leaf, doc, _) =>
        {
            if (!ReferenceEquals(leaf, segment))
            {
                (segment, passages) = (leaf, new PassageReader(leaf));
            }

            var (passage, metadata) = passages!.Read(doc);
            return new StoredPassage(passage.PassageId, passage.DocumentId, metadata.Title, passage.Section, passage.Text);
        });
    }

    private static IEnumerable<T> Scan<T>(IndexReader reader, Func<string, bool> documentFilter, Func<AtomicReader, int, PassageKey, T> read)
    {
        var scratch = new BytesRef();
        foreach (var leaf in reader.Leaves)
        {
            var atomic = leaf.AtomicReader;
            var passageIds = atomic.GetSortedDocValues(IndexFields.PassageId);
            var documentIds = atomic.GetSortedDocValues(IndexFields.DocumentId);
            if (passageIds is null || documentIds is null)
            {
                continue;
            }

            var live = atomic.LiveDocs;
            for (var doc = 0; doc < atomic.MaxDoc; doc++)
            {
                if ((live is not null && !live.Get(doc)) || passageIds.GetOrd(doc) < 0)
                {
                    continue;
                }

                documentIds.Get(doc, scratch);
                var documentId = scratch.Utf8ToString();
                if (!documentFilter(documentId))
                {
                    continue;
                }

                passageIds.Get(doc, scratch);
                yield return read(atomic, doc, new PassageKey(scratch.Utf8ToString(), documentId));
            }
        }
    }
}
