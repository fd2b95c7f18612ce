using Lucene.Net.Index;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking.Learned;

/// <summary>A query's distinct analyzed terms with their counts and the index statistics BM25 needs, per field.</summary>
internal sealed record QueryTerms(
    IReadOnlyList<string> Terms, int[] Counts, double[] TextIdf, double[] TitleIdf, double TextAverageLength, double TitleAverageLength)
{
    /// <summary>The statistics of the terms a plain query was built from (<see cref="LexicalQuery.TermCounts"/>: analyzed once, for both).</summary>
    public static QueryTerms Of(LexicalQuery query, IndexReader reader)
    {
        var terms = query.TermCounts.Select(c => c.Term).ToList();
        var textIdf = ExactLengthBm25Similarity.Idf(reader, IndexFields.Text, terms);
        var titleIdf = ExactLengthBm25Similarity.Idf(reader, IndexFields.Title, terms);
        return new QueryTerms(
            terms, query.TermCounts.Select(c => c.Count).ToArray(), terms.Select(t => textIdf[t]).ToArray(), terms.Select(t => titleIdf[t]).ToArray(),
            AverageLength(reader, IndexFields.Text), AverageLength(reader, IndexFields.Title));
    }

    /// <summary>Lucene's BM25 of one field: Σ count · idf · tf·(k1+1) / (tf + k1·(1 − b + b·length/avg)).</summary>
    public double Bm25(double[] idf, double averageLength, int[] frequency, int length, double k1, double b)
    {
        double score = 0;
        for (var t = 0; t < Terms.Count; t++)
        {
            var tf = frequency[t];
            if (tf > 0)
            {
                score += Counts[t] * idf[t] * tf * (k1 + 1) / (tf + (k1 * (1 - b + (b * length / averageLength))));
            }
        }

        return score;
    }

    private static double AverageLength(IndexReader reader, string field)
    {
        var total = reader.GetSumTotalTermFreq(field);
        return total > 0 ? (double)total / Math.Max(1, reader.GetDocCount(field)) : 1;
    }
}
