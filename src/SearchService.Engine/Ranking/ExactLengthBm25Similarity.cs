using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking;

/// <summary>
/// BM25 as Lucene 7+ computes it, on Lucene.Net 4.8's index format. The 4.8 <see cref="BM25Similarity"/> differs
/// in two ways that cost relevance, both measured with the eval command on the shared collections:
/// <list type="bullet">
/// <item>it stores a field's length in one lossy byte (3 mantissa bits: lengths within ~12% collide), where the
/// norms of this format can hold the exact length;</item>
/// <item>it averages length and computes idf over every document in the index (maxDoc), counting documents that
/// do not have the field at all (CACM: half its documents have no abstract), where docCount is right.</item>
/// </list>
/// Score = idf · boost · tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen)), idf = ln(1 + (N − df + 0.5)/(df + 0.5)),
/// N = documents that have the field.
/// </summary>
public sealed class ExactLengthBm25Similarity(float k1 = 1.2f, float b = 0.75f) : Similarity, IDirectBm25Scoring
{
    public float K1 { get; } = k1;

    public float B { get; } = b;

    public override long ComputeNorm(FieldInvertState state) =>
        // Tokens stacked at one position (synonyms) do not lengthen the field.
        state.Length - state.NumOverlap;

    public override SimWeight ComputeWeight(float queryBoost, CollectionStatistics collectionStats, params TermStatistics[] termStats)
    {
        var documents = collectionStats.DocCount > 0 ? collectionStats.DocCount : Math.Max(1, collectionStats.MaxDoc);
        var idf = termStats.Sum(t => Idf(t.DocFreq, documents));
        var averageLength = collectionStats.SumTotalTermFreq > 0 ? collectionStats.SumTotalTermFreq / (double)documents : 1.0;
        return new Bm25Weight(collectionStats.Field, (float)idf, queryBoost, (float)averageLength);
    }

    /// <summary>BM25's idf: ln(1 + (N − df + 0.5)/(df + 0.5)).</summary>
    public static double Idf(long docFreq, long documents) => Math.Log(1 + ((documents - docFreq + 0.5) / (docFreq + 0.5)));

    /// <summary>The idf of each term in <paramref name="field"/>, with N = documents that have the field, as scoring uses.</summary>
    public static Dictionary<string, double> Idf(IndexReader reader, string field, IEnumerable<string> terms)
    {
        var documents = Math.Max(1, reader.GetDocCount(field));
        return terms.Distinct(StringComparer.Ordinal).ToDictionary(
            term => term,
            term => Idf(reader.DocFreq(new Term(field, term)), documents),
            StringComparer.Ordinal);
    }

    public override SimScorer GetSimScorer(SimWeight weight, AtomicReaderContext context)
    {
        var bm25 = (Bm25Weight)weight;
        return new Bm25Scorer(bm25, Constants(bm25), context.AtomicReader.GetNormValues(bm25.Field));
    }

    /// <summary>
    /// The scoring constants of a term weighed with boost <paramref name="queryBoost"/>, normalized as
    /// <c>IndexSearcher.CreateNormalizedWeight</c> normalizes a top-level <c>TermQuery</c>'s weight: what its
    /// <c>TermScorer</c> would score each posting with.
    /// </summary>
    public Bm25Constants Constants(float queryBoost, CollectionStatistics collectionStats, TermStatistics termStats)
    {
        var weight = ComputeWeight(queryBoost, collectionStats, termStats);
        var norm = QueryNorm(weight.GetValueForNormalization());
        weight.Normalize(float.IsInfinity(norm) || float.IsNaN(norm) ? 1f : norm, 1f);
        return Constants((Bm25Weight)weight);
    }

    private Bm25Constants Constants(Bm25Weight weight) =>
        new(weight.Field, weight.Weight * (K1 + 1), K1 * (1 - B), K1 * B / weight.AverageLength);

    private sealed class Bm25Weight(string field, float idf, float queryBoost, float averageLength) : SimWeight
    {
        public string Field { get; } = field;

        public float AverageLength { get; } = averageLength;

        /// <summary>idf × query boost × the boost of enclosing queries.</summary>
        public float Weight { get; private set; } = idf * queryBoost;

        public override float GetValueForNormalization() => Weight * Weight;

        // Like Lucene's BM25, the query norm is ignored: scores stay comparable across queries of any length.
        public override void Normalize(float queryNorm, float topLevelBoost) => Weight = idf * queryBoost * topLevelBoost;
    }

    private sealed class Bm25Scorer(Bm25Weight weight, Bm25Constants constants, NumericDocValues? lengths) : SimScorer
    {
        // A long length converts to float as it did in the product `k1·b/avglen · length` (Bm25Constants.Score).
        public override float Score(int doc, float freq) => constants.Score(freq, lengths is null ? 1L : lengths.Get(doc));

        public override float ComputeSlopFactor(int distance) => 1.0f / (distance + 1);

        public override float ComputePayloadFactor(int doc, int start, int end, BytesRef payload) => 1f;

        public override Explanation Explain(int doc, Explanation freq)
        {
            var score = Score(doc, freq.Value);
            var length = lengths?.Get(doc) ?? 1L;
            return new Explanation(score, $"bm25(weight={weight.Weight}, tf={freq.Value}, len={length}, avglen={weight.AverageLength})");
        }
    }
}
