using Lucene.Net.Index;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Ranking.Learned;

/// <summary>How one candidate passage holds the query terms: per term, its frequency in text and title, and its text positions.</summary>
/// <param name="TextLength">Tokens in the text field (the exact-length norm BM25 uses).</param>
/// <param name="TitleLength">Tokens in the title field.</param>
internal sealed record CandidateTerms(int TextLength, int TitleLength, int[] TextFrequency, int[] TitleFrequency, int[][] TextPositions);

/// <summary>
/// Reads what the ranking features need about the query terms straight from the index: postings (frequencies and
/// positions) and norms (exact lengths), stored when the passage was indexed. Nothing is loaded or re-analyzed per
/// candidate, so the cost grows with query terms × candidates, not with passage length.
/// </summary>
internal static class CandidatePostings
{
    public static CandidateTerms[] Read(IndexReader reader, IReadOnlyList<int> docs, IReadOnlyList<string> terms)
    {
        var result = new CandidateTerms[docs.Count];
        var leaves = reader.Leaves;
        var order = Enumerable.Range(0, docs.Count).OrderBy(i => docs[i]).ToArray();
        foreach (var group in order.GroupBy(i => ReaderUtil.SubIndex(docs[i], leaves)))
        {
            ReadLeaf(leaves[group.Key], group.ToArray(), docs, terms, result);
        }

        return result;
    }

    // Candidates of one segment, in ascending doc order, so each term's postings are advanced forward only once.
    private static void ReadLeaf(AtomicReaderContext leaf, int[] candidates, IReadOnlyList<int> docs, IReadOnlyList<string> terms, CandidateTerms[] result)
    {
        var reader = leaf.AtomicReader;
        var textNorms = reader.GetNormValues(IndexFields.Text);
        var titleNorms = reader.GetNormValues(IndexFields.Title);
        foreach (var i in candidates)
        {
            var local = docs[i] - leaf.DocBase;
            result[i] = new CandidateTerms(
                (int)(textNorms?.Get(local) ?? 0), (int)(titleNorms?.Get(local) ?? 0), new int[terms.Count], new int[terms.Count], new int[terms.Count][]);
        }

        for (var t = 0; t < terms.Count; t++)
        {
            var text = reader.GetTermPositionsEnum(new Term(IndexFields.Text, terms[t]));
            var title = reader.GetTermDocsEnum(new Term(IndexFields.Title, terms[t]));
            foreach (var i in candidates)
            {
                var local = docs[i] - leaf.DocBase;
                if (MoveTo(text, local))
                {
                    var positions = new int[text!.Freq];
                    for (var p = 0; p < positions.Length; p++)
                    {
                        positions[p] = text.NextPosition();
                    }

                    result[i].TextFrequency[t] = positions.Length;
                    result[i].TextPositions[t] = positions;
                }

                if (MoveTo(title, local))
                {
                    result[i].TitleFrequency[t] = title!.Freq;
                }
            }
        }
    }

    private static bool MoveTo(DocsEnum? postings, int doc)
    {
        if (postings is null)
        {
            return false;
        }

        if (postings.DocID < doc)
        {
            postings.Advance(doc);
        }

        return postings.DocID == doc;
    }
}
