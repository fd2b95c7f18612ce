using Lucene.Net.Index;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking.Learned;

/// <summary>One candidate of a query with its label-free features (in <see cref="RankingFeatures.Names"/> order).</summary>
/// <param name="Passage">The passage, scored with its BM25 score (0 when BM25 did not retrieve it).</param>
/// <param name="PoolRank">1-based rank in the candidate pool (the hybrid ranking; the lexical one without vectors).</param>
/// <param name="Doc">The Lucene doc id in the searcher that extracted the row (only meaningful inside that read).</param>
/// <param name="LexicalRank">1-based rank in the BM25 list read for the features; null when BM25 did not retrieve it.</param>
public sealed record FeatureRow(RankedPassage Passage, int PoolRank, float[] Features, int Doc = -1, int? LexicalRank = null);

/// <summary>
/// Label-free features of the lexical top-N of a query, for a learned re-ranker. Nothing here reads judgments: the
/// same index and query always give the same rows. The list is named and versioned; a saved model records both, and
/// a model trained on another list (or another analysis chain) must be refused.
/// Term features come from what indexing stored (postings, positions, exact-length norms; see
/// <see cref="CandidatePostings"/>), so serving re-analyzes only the query. Per-field BM25 is Lucene's BM25 formula
/// with the index's field statistics and the configured k1 and b. The semantic features need the passage vectors
/// (learned mode is unavailable while they are built).
/// </summary>
public sealed class RankingFeatures(IndexHandle handle, SearchOptions options)
{
    private readonly EncoderFeatures _encoder = new();
    private readonly HybridRanking _hybrid = new(options);

    /// <summary>Bump whenever a feature is added, removed, reordered or computed differently.</summary>
    public const string Version = "ltr-features-v5";

    /// <summary>The candidates re-ranked: the top N of the default hybrid ranking (the BM25 top N without vectors).</summary>
    public const int CandidateDepth = 100;

    // v3 dropped v2's word and character-4-gram cosines: they needed every candidate's text re-analyzed per query
    // (most of the 18–94 ms a learned query cost), and cross-validation was as good or better without them.
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
        "proximity",          // smallest position window holding every matched term / matched terms (0 when < 2)
        "title_coverage_idf", // idf-weighted share of query terms in the document title
        "bm25_text_norm",     // BM25 of the text field alone / the list's max
        "bm25_title_norm",    // BM25 of the title field alone / the list's max
        "semantic_cosine",    // cosine of the query's and the passage's vectors (0 without a vector)
        "semantic_feedback_cosine",     // the same with the top lexical hits fed back into the query, as hybrid does
        "semantic_feedback_rank_recip", // 1 / rank of the previous feature among the candidates
        "encoder_cosine",       // cosine of the sentence encoder's query and passage vectors (0 without an encoder)
        "encoder_rank_recip",   // 1 / rank of the previous feature among the candidates
        "encoder_title_cosine", // cosine of the encoder's query and document-title vectors
        "hybrid_score",         // the default hybrid fusion's value (0 when the passage is not in its list, or without vectors)
        "hybrid_rank_recip",    // 1 / rank in the default hybrid ranking (0 likewise)
    ];

    public static int Count => Names.Count;

    private static readonly int EncoderFirst = Names.ToList().IndexOf("encoder_cosine");
    private static readonly int HybridFirst = Names.ToList().IndexOf("hybrid_score");

    /// <summary>The top <paramref name="depth"/> of the candidate pool for <paramref name="queryText"/> with their features.</summary>
    public IReadOnlyList<FeatureRow> Extract(string queryText, int depth = CandidateDepth)
    {
        var index = handle.Current;
        return index.Read(searcher => Extract(searcher, index, AnalyzedQuery.Of(searcher, index, options, queryText, QuerySyntax.Plain, expand: false), depth));
    }

    /// <summary>As <see cref="Extract(string, int)"/>, on a searcher the caller already holds.</summary>
    internal IReadOnlyList<FeatureRow> Extract(ServingSearcher searcher, LuceneIndex index, AnalyzedQuery query, int depth = CandidateDepth)
    {
        var lexical = query.Lexical;
        if (lexical.Query is null)
        {
            return [];
        }

        // The BM25 list is read as deep as the pool: reading it to 1000 (true BM25 features for more hybrid
        // candidates) cross-validated no better (docs/learning-to-rank.md, "v5: the hybrid pool").
        var top = searcher.Search(lexical.Query, depth).ScoreDocs;
        if (top.Length == 0)
        {
            return [];
        }

        var lexicalRanks = top.Select((s, i) => (s.Doc, Rank: i + 1, s.Score)).ToDictionary(h => h.Doc, h => (h.Rank, h.Score));
        var hybrid = HybridPool(searcher, index, query, depth);
        var pool = hybrid is null
            ? top.Take(depth).Select(s => s.Doc).ToList()
            : hybrid.Take(depth).Select(c => c.Doc).ToList();
        var fused = hybrid?.Select((c, i) => (c.Doc, Rank: i + 1, c.Fused)).ToDictionary(h => h.Doc, h => (h.Rank, h.Fused));

        var terms = QueryTerms.Of(lexical, searcher.IndexReader);
        var candidates = CandidatePostings.Read(searcher.IndexReader, pool, terms.Terms);
        var max = top.Max(s => s.Score);
        var ids = new PassageIdReader(searcher.IndexReader);
        var rows = new List<FeatureRow>(pool.Count);
        for (var i = 0; i < pool.Count; i++)
        {
            var doc = pool[i];
            var features = new float[Count];
            int? lexicalRank = null;
            var score = 0f;
            if (lexicalRanks.TryGetValue(doc, out var listed))
            {
                (lexicalRank, score) = (listed.Rank, listed.Score);
                features[0] = max > 0 ? score / max : 0;
                features[1] = score;
                features[2] = 1f / listed.Rank;
            }

            TermFeatures(terms, candidates[i], features);
            if (fused is not null && fused.TryGetValue(doc, out var inHybrid))
            {
                features[HybridFirst] = (float)inHybrid.Fused;
                features[HybridFirst + 1] = 1f / inHybrid.Rank;
            }

            rows.Add(new FeatureRow(ids.Read(doc, score), i + 1, features, doc, lexicalRank));
        }

        NormalizeByMax(rows, 11);
        NormalizeByMax(rows, 12);
        if (options.EmbeddingWhenEnabled is not null)
        {
            AddSemantic(searcher, index, query, pool, top.Select(s => s.Doc).ToList(), rows);
        }

        if (options.EncoderWhenEnabled is not null)
        {
            _encoder.Add(searcher, query, pool, rows, EncoderFirst);
        }

        return rows;
    }

    /// <summary>
    /// The default hybrid ranking (as mode=hybrid serves it, so training and serving agree), or null when no vectors
    /// are configured or built (then hybrid is lexical, and the pool is the lexical list).
    /// </summary>
    private IReadOnlyList<Candidate>? HybridPool(ServingSearcher searcher, LuceneIndex index, AnalyzedQuery query, int depth)
    {
        var outcome = _hybrid.Rank(searcher, index, query, depth, QueryDeadline.None);
        return outcome.Mode == SearchMode.Hybrid ? outcome.Candidates : null;
    }

    private void TermFeatures(QueryTerms query, CandidateTerms candidate, float[] features)
    {
        var matched = Enumerable.Range(0, query.Terms.Count).Where(t => candidate.TextFrequency[t] > 0).ToList();
        var matchedIdf = matched.Select(t => query.TextIdf[t]).ToList();
        var idfTotal = query.TextIdf.Sum();
        features[3] = idfTotal > 0 ? (float)(matchedIdf.Sum() / idfTotal) : 0;
        features[4] = query.Terms.Count > 0 ? (float)matched.Count / query.Terms.Count : 0;
        features[5] = matchedIdf.Count > 0 ? (float)matchedIdf.Min() : 0;
        features[6] = matchedIdf.Count > 0 ? (float)matchedIdf.Average() : 0;
        features[7] = matchedIdf.Count > 0 ? (float)matchedIdf.Max() : 0;
        features[8] = (float)Math.Log(1 + candidate.TextLength);
        features[9] = matched.Count < 2 ? 0 : (float)SmallestSpan(matched.Select(t => candidate.TextPositions[t]).ToList()) / matched.Count;
        var inTitle = Enumerable.Range(0, query.Terms.Count).Where(t => candidate.TitleFrequency[t] > 0).Sum(t => query.TextIdf[t]);
        features[10] = idfTotal > 0 ? (float)(inTitle / idfTotal) : 0;
        var (k1, b) = (options.Ranking.K1, options.Ranking.B);
        features[11] = (float)query.Bm25(query.TextIdf, query.TextAverageLength, candidate.TextFrequency, candidate.TextLength, k1, b);
        features[12] = (float)query.Bm25(query.TitleIdf, query.TitleAverageLength, candidate.TitleFrequency, candidate.TitleLength, k1, b);
    }

    // Hybrid beats BM25 on most collections, so the model gets the same semantic evidence: the passage vector's
    // cosine with the query, with and without pseudo-relevance feedback from the top lexical hits.
    private void AddSemantic(ServingSearcher searcher, LuceneIndex index, AnalyzedQuery query, List<int> docs, List<int> lexicalDocs, List<FeatureRow> rows)
    {
        var feedback = lexicalDocs.Take(options.Ranking.FeedbackPassages).ToList();
        var (plain, withFeedback) = VectorRetriever.Cosines(searcher, index, query, docs, feedback, options.Ranking.FeedbackWeight);
        var rank = Enumerable.Range(0, rows.Count).OrderByDescending(i => withFeedback[i]).ThenBy(i => i).ToArray();
        for (var r = 0; r < rank.Length; r++)
        {
            var features = rows[rank[r]].Features;
            features[13] = plain[rank[r]];
            features[14] = withFeedback[rank[r]];
            features[15] = 1f / (r + 1);
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

    /// <summary>The length in positions of the shortest span holding at least one position of every list (each list ascending).</summary>
    internal static int SmallestSpan(IReadOnlyList<int[]> positions)
    {
        if (positions.Any(list => list.Length == 0))
        {
            return 0;
        }

        var events = positions.SelectMany((list, term) => list.Select(p => (Position: p, Term: term))).OrderBy(e => e.Position).ToList();
        var have = new int[positions.Count];
        var covered = 0;
        var best = int.MaxValue;
        var left = 0;
        foreach (var (position, term) in events)
        {
            if (have[term]++ == 0)
            {
                covered++;
            }

            while (covered == positions.Count)
            {
                best = Math.Min(best, position - events[left].Position + 1);
                if (--have[events[left].Term] == 0)
                {
                    covered--;
                }

                left++;
            }
        }

        return best;
    }
}
