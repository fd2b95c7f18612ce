using Lucene.Net.Index;
using Lucene.Net.Util;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Retrieval;

/// <summary>Reads passage and document ids of hits from per-segment doc values (no stored-field decompression).</summary>
internal sealed class PassageIdReader(IndexReader reader)
{
    private readonly IList<AtomicReaderContext> _leaves = reader.Leaves;
    private readonly BytesRef _scratch = new();

    public RankedPassage Read(int doc, double score)
    {
        var leaf = _leaves[ReaderUtil.SubIndex(doc, _leaves)];
        var local = doc - leaf.DocBase;
        return new RankedPassage(Value(leaf, IndexFields.PassageId, local), Value(leaf, IndexFields.DocumentId, local), score);
    }

    private string Value(AtomicReaderContext leaf, string field, int doc)
    {
        var values = leaf.AtomicReader.GetSortedDocValues(field);
        values.Get(doc, _scratch);
        return _scratch.Utf8ToString();
    }
}
