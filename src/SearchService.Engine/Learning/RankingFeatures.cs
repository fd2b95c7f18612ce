using Lucene.Net.Index;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Learning;

/// <summary>One lexical candidate of a query with its label-free features (in <see cref="RankingFeatures.Names"/> order).</summary>
/// <param name="Doc">The Lucene doc id in the searcher that extracted the row (only meaningful inside that read).</param>
public sealed record FeatureRow(RankedPassage Passage, int LexicalRank, float[] Features, int Doc = -1);

/// <summary>
/// Label-free features of the lexical top-N of a query, for a learned re-ranker. Nothing here reads judgments: the
/// same index and query always give the same rows. The list is named and versioned; a saved model records both, and
/// a model trained on another list (or another analysis chain) must be refused.
/// Per-field BM25 is recomputed from the analyzed passage and title (Lucene's BM25 formula with the index's field
/// statistics and the configured k1 and b, without norm quantization). Not included: the semantic (vector) cosine.
/// </summary>
public sealed class RankingFeatures(IndexHandle handle, SearchOptions options)
{
    /// <summary>Bump whenever a feature is added, removed, reordered or computed differently.</summary>
    public const string Version = "ltr-features-v2";

    /// <summary>The lexical candidates re-ranked (the BM25 top N).</summary>
    public const int CandidateDepth = 100;

    public static readonly IReadOnlyList<string> Names =
    [
        "bm25_norm",          // BM25 score / the list's max
        "bm25",               // raw BM25 score (text, title, section)
        "lexical_rank_recip", // 1 / lexical rank
        "coverage_idf",       // idf-weighted share of query terms in the passage
        "coverage",           // share of distinct query terms in the passage
        "idf_min",            // min/mean/max idf of matched query terms (0 when none)
        "idf_mean",
        "idf_max",
        "length_log",         // ln(1 + passage length in tokens)
        "proximity",          // smallest window (tokens) holding every matched term / matched terms (0 when < 2)
        "word_cosine",        // cosine of analyzed-term counts, query vs passage
        "char4_cosine",       // cosine of lower-cased character 4-gram counts
        "title_coverage_idf", // idf-weighted share of query terms in the document title
        "bm25_text_norm",     // BM25 of the text field alone / the list's max
        "bm25_title_norm",    // BM25 of the title field alone / the list's max
    ];

    public static int Count => Names.Count;

    /// <summary>The lexical top <paramref name="depth"/> of <paramref name="queryText"/> (as <c>SearchMode.Lexical</c> ranks them) with their features.</summary>
    public IReadOnlyList<FeatureRow> Extract(string queryText, int depth = CandidateDepth)
    {
        var index = handle.Current;
        return index.Read(searcher => Extract(searcher, index, queryText, depth));
    }

    /// <summary>As <see cref="Extract(string, int)"/>, on a searcher the caller already holds.</summary>
    internal IReadOnlyList<FeatureRow> Extract(ServingSearcher searcher, LuceneIndex index, string queryText, int depth = CandidateDepth)
    {
        var analyzer = index.Analyzer;
        var lexical = new LexicalQueryBuilder(analyzer, options.Ranking).BuildPlain(queryText);
        if (lexical.Query is null)
        {
            return [];
        }

        var queryTerms = Terms(analyzer, queryText);
        var queryCounts = Counts(queryTerms);
        var queryGrams = CharGrams(queryText);
        {
            var top = searcher.Search(lexical.Query, depth);
            if (top.ScoreDocs.Length == 0)
            {
                return (IReadOnlyList<FeatureRow>)[];
            }

            var reader = searcher.IndexReader;
            var idf = ExactLengthBm25Similarity.Idf(reader, IndexFields.Text, queryCounts.Keys);
            var idfTotal = idf.Values.Sum();
            var textField = FieldStats.Of(reader, IndexFields.Text, queryCounts.Keys);
            var titleField = FieldStats.Of(reader, IndexFields.Title, queryCounts.Keys);
            var max = top.ScoreDocs.Max(s => s.Score);
            var ids = new PassageIdReader(reader);
            var rows = new List<FeatureRow>(top.ScoreDocs.Length);
            for (var i = 0; i < top.ScoreDocs.Length; i++)
            {
                var hit = top.ScoreDocs[i];
                var record = searcher.Doc(hit.Doc);
                var passage = LuceneDocumentMapper.ReadPassage(record);
                var title = LuceneDocumentMapper.ReadMetadata(record).Title ?? "";
                var tokens = Terms(analyzer, passage.Text);
                var titleTokens = Terms(analyzer, title);
                var titleTerms = titleTokens.ToHashSet(StringComparer.Ordinal);
                var counts = Counts(tokens);
                var matched = queryCounts.Keys.Where(counts.ContainsKey).ToList();
                var matchedIdf = matched.Select(t => idf[t]).ToList();
                var features = new float[Count];
                features[0] = max > 0 ? hit.Score / max : 0;
                features[1] = hit.Score;
                features[2] = 1f / (i + 1);
                features[3] = idfTotal > 0 ? (float)(matchedIdf.Sum() / idfTotal) : 0;
                features[4] = (float)matched.Count / queryCounts.Count;
                features[5] = matchedIdf.Count > 0 ? (float)matchedIdf.Min() : 0;
                features[6] = matchedIdf.Count > 0 ? (float)matchedIdf.Average() : 0;
                features[7] = matchedIdf.Count > 0 ? (float)matchedIdf.Max() : 0;
                features[8] = (float)Math.Log(1 + tokens.Count);
                features[9] = matched.Count < 2 ? 0 : (float)SmallestWindow(tokens, matched) / matched.Count;
                features[10] = (float)Cosine(queryCounts, counts);
                features[11] = (float)Cosine(queryGrams, CharGrams(passage.Text));
                features[12] = idfTotal > 0 ? (float)(idf.Where(p => titleTerms.Contains(p.Key)).Sum(p => p.Value) / idfTotal) : 0;
                features[13] = (float)textField.Bm25(queryCounts, counts, tokens.Count, options.Ranking.K1, options.Ranking.B);
                features[14] = (float)titleField.Bm25(queryCounts, Counts(titleTokens), titleTokens.Count, options.Ranking.K1, options.Ranking.B);
                rows.Add(new FeatureRow(ids.Read(hit.Doc, hit.Score), i + 1, features, hit.Doc));
            }

            NormalizeByMax(rows, 13);
            NormalizeByMax(rows, 14);
            return rows;
        }
    }

    private static void NormalizeByMax(List<FeatureRow> rows, int feature)
    {
        var max = rows.Max(r => r.Features[feature]);
        foreach (var row in rows)
        {
            row.Features[feature] = max > 0 ? row.Features[feature] / max : 0;
        }
    }

    /// <summary>A field's BM25 statistics for the query terms.</summary>
    private sealed record FieldStats(Dictionary<string, double> Idf, double AverageLength)
    {
        public static FieldStats Of(IndexReader reader, string field, IEnumerable<string> terms)
        {
            var docs = Math.Max(1, reader.GetDocCount(field));
            var total = reader.GetSumTotalTermFreq(field);
            var idf = ExactLengthBm25Similarity.Idf(reader, field, terms);
            return new FieldStats(idf, total > 0 ? (double)total / docs : 1);
        }

        public double Bm25(Dictionary<string, int> query, Dictionary<string, int> counts, int length, double k1, double b)
        {
            double score = 0;
            foreach (var (term, weight) in query)
            {
                if (counts.TryGetValue(term, out var tf))
                {
                    score += weight * Idf[term] * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / AverageLength));
                }
            }

            return score;
        }
    }

    private static List<string> Terms(SearchAnalyzer analyzer, string text) =>
        TokenStreamReader.Tokens(analyzer, IndexFields.Text, text).Select(t => t.Term).ToList();

    private static Dictionary<string, int> Counts(IEnumerable<string> items)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            counts[item] = counts.GetValueOrDefault(item) + 1;
        }

        return counts;
    }

    private static Dictionary<string, int> CharGrams(string text)
    {
        var normalized = " " + string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) + " ";
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + 4 <= normalized.Length; i++)
        {
            var gram = normalized.Substring(i, 4);
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }

        return counts;
    }

    private static double Cosine(Dictionary<string, int> a, Dictionary<string, int> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        double dot = 0;
        foreach (var (key, value) in small)
        {
            if (large.TryGetValue(key, out var other))
            {
                dot += (double)value * other;
            }
        }

        var norm = Math.Sqrt(a.Values.Sum(v => (double)v * v)) * Math.Sqrt(b.Values.Sum(v => (double)v * v));
        return norm > 0 ? dot / norm : 0;
    }

    /// <summary>The length in tokens of the shortest span of <paramref name="tokens"/> containing every term of <paramref name="needed"/>.</summary>
    internal static int SmallestWindow(IReadOnlyList<string> tokens, IReadOnlyCollection<string> needed)
    {
        var want = needed.ToHashSet(StringComparer.Ordinal);
        var have = new Dictionary<string, int>(StringComparer.Ordinal);
        var best = int.MaxValue;
        var left = 0;
        for (var right = 0; right < tokens.Count; right++)
        {
            if (!want.Contains(tokens[right]))
            {
                continue;
            }

            have[tokens[right]] = have.GetValueOrDefault(tokens[right]) + 1;
            while (have.Count == want.Count)
            {
                best = Math.Min(best, right - left + 1);
                if (want.Contains(tokens[left]))
                {
                    if (--have[tokens[left]] == 0)
                    {
                        have.Remove(tokens[left]);
                    }
                }

                left++;
            }
        }

        return best == int.MaxValue ? tokens.Count : best;
    }
}
