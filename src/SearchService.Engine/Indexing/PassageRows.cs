using Lucene.Net.Index;
using Lucene.Net.Util;

namespace SearchService.Engine.Indexing;

/// <summary>
/// Maps the rows of a vector file (keyed by passage id) to the Lucene doc ids of one reader, so a searcher can go from
/// a vector's row to its passage and back. Shared by the LSA and the sentence-encoder vectors.
/// </summary>
internal static class PassageRows
{
    public delegate bool TryGetRow(string passageId, out int row);

    /// <returns>The doc id of each row (−1 where no live passage has it) and the number of live passages read.</returns>
    public static (int[] DocOfRow, int LivePassages) Map(IndexReader reader, int rows, TryGetRow tryGetRow)
    {
        var docOfRow = new int[rows];
        Array.Fill(docOfRow, -1);
        var live = 0;
        var scratch = new BytesRef();
        foreach (var leaf in reader.Leaves)
        {
            var ids = leaf.AtomicReader.GetSortedDocValues(IndexFields.PassageId);
            if (ids is null)
            {
                continue;
            }

            var liveDocs = leaf.AtomicReader.LiveDocs;
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                if ((liveDocs is not null && !liveDocs.Get(doc)) || ids.GetOrd(doc) < 0)
                {
                    continue;
                }

                live++;
                ids.Get(doc, scratch);
                if (tryGetRow(scratch.Utf8ToString(), out var row))
                {
                    docOfRow[row] = leaf.DocBase + doc;
                }
            }
        }

        return (docOfRow, live);
    }
}
