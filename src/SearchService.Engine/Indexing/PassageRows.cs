using Lucene.Net.Index;
using Lucene.Net.Util;
using SearchService.Engine.Embeddings;

namespace SearchService.Engine.Indexing;

/// <summary>
/// Maps the rows of a vector file (keyed by passage id) to the Lucene doc ids of one reader, so a searcher can go from
/// a vector's row to its passage and back. Shared by the LSA and the sentence-encoder vectors.
/// <para>
/// Looking up every passage id is what a restart used to pay per document (a doc-values read, a string, a
/// dictionary look-up). With a <see cref="RowMapFile"/>, segments whose rows were saved are read from it (checked
/// against a sample of their passage ids) and only new segments are looked up; the file is rewritten when any were.
/// </para>
/// </summary>
internal static class PassageRows
{
    /// <summary>Rows checked against the passage ids per saved segment before its rows are trusted.</summary>
    private const int SampledRowsPerSegment = 16;

    public delegate bool TryGetRow(string passageId, out int row);

    /// <returns>The doc id of each row (−1 where no live passage has it) and the number of live passages read.</returns>
    public static (int[] DocOfRow, int LivePassages) Map(IndexReader reader, int rows, TryGetRow tryGetRow) =>
        Map(reader, rows, tryGetRow, idOfRow: null, persisted: null);

    /// <param name="idOfRow">The passage id of a row: how saved rows are checked (required with <paramref name="persisted"/>).</param>
    /// <param name="persisted">Where the rows of this vector generation are saved; null to scan every segment.</param>
    public static (int[] DocOfRow, int LivePassages) Map(IndexReader reader, int rows, TryGetRow tryGetRow, Func<int, string>? idOfRow, RowMapFile? persisted)
    {
        var saved = persisted?.Load(rows);
        var segments = new List<SegmentRows>(reader.Leaves.Count);
        var scanned = false;
        var docOfRow = new int[rows];
        Array.Fill(docOfRow, -1);
        var live = 0;
        foreach (var leaf in reader.Leaves)
        {
            var atomic = leaf.AtomicReader;
            var name = (atomic as SegmentReader)?.SegmentName;
            SegmentRows? segment = null;
            if (name is not null && saved is not null && idOfRow is not null
                && saved.TryGetValue(name, out var candidate) && Matches(atomic, candidate, rows, tryGetRow, idOfRow))
            {
                segment = candidate;
            }

            if (segment is null)
            {
                segment = Scan(atomic, name ?? string.Empty, rows, tryGetRow);
                scanned = true;
            }

            if (name is not null)
            {
                segments.Add(segment);
            }

            live += Apply(segment, atomic.LiveDocs, leaf.DocBase, docOfRow);
        }

        if (scanned && persisted is not null)
        {
            persisted.Save(rows, segments);
        }

        return (docOfRow, live);
    }

    /// <summary>The live passages of <paramref name="reader"/>: what <see cref="Map"/> counts, for a set with no rows.</summary>
    public static int CountLive(IndexReader reader)
    {
        var live = 0;
        foreach (var leaf in reader.Leaves)
        {
            var atomic = leaf.AtomicReader;
            var ids = atomic.GetSortedDocValues(IndexFields.PassageId);
            if (ids is null)
            {
                continue;
            }

            var liveDocs = atomic.LiveDocs;
            for (var doc = 0; doc < atomic.MaxDoc; doc++)
            {
                if (ids.GetOrd(doc) >= 0 && (liveDocs is null || liveDocs.Get(doc)))
                {
                    live++;
                }
            }
        }

        return live;
    }

    private static int Apply(SegmentRows segment, IBits? liveDocs, int docBase, int[] docOfRow)
    {
        var live = 0;
        var rowOfDoc = segment.RowOfDoc;
        for (var doc = 0; doc < rowOfDoc.Length; doc++)
        {
            var row = rowOfDoc[doc];
            if (row == SegmentRows.NotAPassage || (liveDocs is not null && !liveDocs.Get(doc)))
            {
                continue;
            }

            live++;
            if (row >= 0)
            {
                docOfRow[row] = docBase + doc;
            }
        }

        return live;
    }

    private static SegmentRows Scan(AtomicReader atomic, string name, int rows, TryGetRow tryGetRow)
    {
        var rowOfDoc = new int[atomic.MaxDoc];
        Array.Fill(rowOfDoc, SegmentRows.NotAPassage);
        var ids = atomic.GetSortedDocValues(IndexFields.PassageId);
        if (ids is null)
        {
            return new SegmentRows(name, rowOfDoc);
        }

        // Deleted documents are mapped too: the saved rows outlive this reader's deletions, which Apply filters.
        var scratch = new BytesRef();
        for (var doc = 0; doc < rowOfDoc.Length; doc++)
        {
            if (ids.GetOrd(doc) < 0)
            {
                continue;
            }

            ids.Get(doc, scratch);
            rowOfDoc[doc] = tryGetRow(scratch.Utf8ToString(), out var row) && row < rows ? row : SegmentRows.NoRow;
        }

        return new SegmentRows(name, rowOfDoc);
    }

    /// <summary>
    /// Whether saved rows fit this segment: same length, every row in range, and an evenly spread sample of
    /// documents has the passage id (or the absence of one) the rows claim.
    /// </summary>
    private static bool Matches(AtomicReader atomic, SegmentRows saved, int rows, TryGetRow tryGetRow, Func<int, string> idOfRow)
    {
        var rowOfDoc = saved.RowOfDoc;
        if (rowOfDoc.Length != atomic.MaxDoc)
        {
            return false;
        }

        foreach (var row in rowOfDoc)
        {
            if (row >= rows || row < SegmentRows.NotAPassage)
            {
                return false;
            }
        }

        var ids = atomic.GetSortedDocValues(IndexFields.PassageId);
        var scratch = new BytesRef();
        var step = Math.Max(1, rowOfDoc.Length / SampledRowsPerSegment);
        for (var doc = 0; doc < rowOfDoc.Length; doc += step)
        {
            var isPassage = ids is not null && ids.GetOrd(doc) >= 0;
            if (isPassage != (rowOfDoc[doc] != SegmentRows.NotAPassage))
            {
                return false;
            }

            if (!isPassage)
            {
                continue;
            }

            ids!.Get(doc, scratch);
            var id = scratch.Utf8ToString();
            var right = rowOfDoc[doc] >= 0
                ? string.Equals(id, idOfRow(rowOfDoc[doc]), StringComparison.Ordinal)
                : !tryGetRow(id, out _);
            if (!right)
            {
                return false;
            }
        }

        return true;
    }
}
