using SearchService.Engine.Analysis;
using SearchService.Engine.Embeddings;
using SearchService.Engine.Embeddings.Encoder;

namespace SearchService.Engine;

/// <summary>Configuration section <c>Search</c>.</summary>
public sealed class SearchOptions
{
    public const string SectionName = "Search";

    /// <summary>Folder of source articles. Relative paths resolve against the repository root (see <see cref="SearchPaths"/>).</summary>
    public string SeedsPath { get; set; } = "seeds";

    /// <summary>Folder of the on-disk index.</summary>
    public string IndexPath { get; set; } = "index";

    /// <summary>
    /// Folder of documents pushed over the API (<c>PUT /documents/{id}</c>), one JSON file each. Unset: beside the index
    /// as <c>&lt;IndexPath&gt;.pushed</c>. Not inside the index folder: it is a source, and the index folder is what a
    /// corrupt-index recovery moves aside and rebuilds from its sources.
    /// </summary>
    public string? PushedPath { get; set; }

    /// <summary>The pushed folder as an absolute path.</summary>
    public string ResolvedPushedPath =>
        SearchPaths.Resolve(string.IsNullOrWhiteSpace(PushedPath) ? Path.TrimEndingDirectorySeparator(IndexPath) + ".pushed" : PushedPath);

    /// <summary>File name patterns (top level of <see cref="SeedsPath"/>) that are indexed.</summary>
    public string[] FilePatterns { get; set; } = ["*.txt", "*.md"];

    /// <summary>Larger source files are skipped (with a reason in /documents) rather than indexed.</summary>
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>The watcher can miss events (network drives, overflow); a periodic rescan catches what it missed.</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Quiet time after a file event before re-indexing, so an editor's save burst is indexed once.</summary>
    public TimeSpan ChangeDebounce { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// An indexing pass silent this long (no file read, nothing committed) is reported stuck: /health/ready is Degraded,
    /// waiting reindex calls are answered, and a file it was stuck reading is skipped. Generous, because one commit of
    /// a large corpus (embedding every passage) is a single step.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public RankingOptions Ranking { get; set; } = new();

    /// <summary>What one query may cost (section <c>Search:QueryLimits</c>): see docs/security.md, "Query cost limits".</summary>
    public QueryLimitsOptions QueryLimits { get; set; } = new();

    public AnalysisOptions Analysis { get; set; } = new();

    /// <summary>Section <c>Search:Embedding</c>: the corpus-fitted LSA vectors (ML.NET TF-IDF + PCA).</summary>
    public EmbeddingOptions Embedding { get; set; } = new();

    /// <summary>Answers (<c>/ask</c>), section <c>Search:Answers</c>.</summary>
    public Answers.AnswerOptions Answers { get; set; } = new();
    /// <summary>Section <c>Search:Embeddings</c>: the pretrained sentence encoder, and whether LSA is built too.</summary>
    public EncoderOptions Embeddings { get; set; } = new();

    /// <summary>The learned re-ranker (<c>mode=learned</c>), section <c>Search:Ranker</c>.</summary>
    public RankerOptions Ranker { get; set; } = new();

    /// <summary>Semantic and hybrid retrieval (vectors beside the index). Off: lexical only, nothing is embedded.</summary>
    public bool SemanticEnabled { get; set; } = true;

    /// <summary>The LSA settings when semantic retrieval and LSA (<c>Search:Embeddings:Lsa</c>) are on, else null.</summary>
    public EmbeddingOptions? EmbeddingWhenEnabled => SemanticEnabled && Embeddings.Lsa ? Embedding : null;

    /// <summary>The sentence-encoder settings when semantic retrieval is on and a model is chosen, else null.</summary>
    public EncoderOptions? EncoderWhenEnabled => SemanticEnabled && Embeddings.Enabled ? Embeddings : null;

    /// <summary>
    /// What a learned model's features depend on besides their list: the analysis chain (terms, idf) and the
    /// embedding settings (the semantic cosines). A model trained under another fingerprint is refused.
    /// </summary>
    public string RankingFeaturesFingerprint =>
        $"{Analysis.Fingerprint}; embedding {(EmbeddingWhenEnabled is null ? "off" : Embedding.Fingerprint)}; encoder {(EncoderWhenEnabled is null ? "off" : $"{Embeddings.Model}/{Embeddings.Pooling}/{Embeddings.QueryPrefix}/max{Embeddings.MaxTokens}")}";

    /// <summary>These options with other ranking settings (everything else shared): one index, several fusions compared.</summary>
    public SearchOptions WithRanking(RankingOptions ranking)
    {
        var copy = (SearchOptions)MemberwiseClone();
        copy.Ranking = ranking;
        return copy;
    }
}

/// <summary>Section <c>Search:Ranker</c>: the model file written by <c>train --out FILE</c>; unset, <c>mode=learned</c> is a 400.</summary>
public sealed class RankerOptions
{
    public string? ModelPath { get; set; }
}

/// <summary>
/// Section <c>Search:QueryLimits</c>: bounds on what one query may cost, checked before Lucene builds an automaton
/// (Lucene.Net 4.8 has no determinization limit, so a 20-byte regexp could take minutes and gigabytes) and while it
/// collects hits. A query over a limit is a 400 naming the setting.
/// </summary>
public sealed class QueryLimitsOptions
{
    public const string SectionName = "Search:QueryLimits";

    /// <summary>Wall-clock budget of lexical collection per request; over it the request is a 400. Zero or less turns it off.</summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Wildcard, regexp, fuzzy, prefix and range terms per query (each counts once, whatever fields it searches).</summary>
    public int MaxExpandingTerms { get; set; } = 5;

    /// <summary>Index terms one wildcard, regexp, prefix or range term expands to; beyond it only the first this many (in term order) are searched.</summary>
    public int MaxExpandedTerms { get; set; } = 1024;

    /// <summary>Characters of one /regular expression/.</summary>
    public int MaxRegexpLength { get; set; } = 128;

    /// <summary>The largest n or m in a regexp repetition {n}, {n,} or {n,m}.</summary>
    public int MaxRegexpRepeat { get; set; } = 16;

    /// <summary><c>*</c> and <c>?</c> in one wildcard term.</summary>
    public int MaxWildcards { get; set; } = 8;

    /// <summary>States of a regexp's or wildcard's automaton before determinization (its size as written).</summary>
    public int MaxAutomatonStates { get; set; } = 2000;

    /// <summary>States of the deterministic automaton (Lucene 5+'s maxDeterminizedStates idea); this is what grows exponentially.</summary>
    public int MaxDeterminizedStates { get; set; } = 500;

    /// <summary>The settings that are out of range, as messages naming them; empty when all are valid.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(MaxExpandingTerms), MaxExpandingTerms), (nameof(MaxExpandedTerms), MaxExpandedTerms),
            (nameof(MaxRegexpLength), MaxRegexpLength), (nameof(MaxRegexpRepeat), MaxRegexpRepeat), (nameof(MaxWildcards), MaxWildcards),
            (nameof(MaxAutomatonStates), MaxAutomatonStates), (nameof(MaxDeterminizedStates), MaxDeterminizedStates),
        })
        {
            if (value < 1)
            {
                yield return $"{SectionName}:{name} must be at least 1; it is {value}.";
            }
        }
    }
}

/// <summary>BM25 parameters and field boosts of lexical retrieval.</summary>
public sealed class RankingOptions
{
    public RankingOptions Clone() => (RankingOptions)MemberwiseClone();

    public float K1 { get; set; } = 1.2f;

    public float B { get; set; } = 0.75f;

    /// <summary>The BM25 similarity of these parameters: indexing encodes its length norms, searching scores with it.</summary>
    public Lucene.Net.Search.Similarities.Similarity CreateSimilarity() => new Ranking.ExactLengthBm25Similarity(K1, B);

    public float TitleBoost { get; set; } = 0.3f;

    public float SectionBoost { get; set; } = 0.3f;

    /// <summary>
    /// How hybrid combines its signals: a convex combination of normalized scores (the default, chosen on the dev
    /// set and five unseen collections, see docs/relevance-fusion.md), or Reciprocal Rank Fusion of the ranks.
    /// </summary>
    public FusionMethod Fusion { get; set; } = FusionMethod.Convex;

    /// <summary>How each signal's raw scores are put on one scale before the convex combination.</summary>
    public ScoreNormalization Normalization { get; set; } = ScoreNormalization.MinMax;

    /// <summary>The k of Reciprocal Rank Fusion: 1/(k + rank). Larger k flattens the advantage of the very top ranks.</summary>
    public int RrfK { get; set; } = 60;

    /// <summary>
    /// Which passages hybrid fuses: the union of every signal's candidates, or only the lexical candidates (the
    /// semantic signals then re-order what BM25 found but add nothing BM25 missed).
    /// </summary>
    public HybridPool HybridPool { get; set; } = HybridPool.Union;

    /// <summary>How deep each list is read before fusing (hybrid) or paging (semantic).</summary>
    public int CandidateDepth { get; set; } = 100;

    /// <summary>Weights of the signals in the fusion: lexical (BM25), LSA cosine, encoder cosine. A signal that is off or unavailable drops out.</summary>
    public double LexicalWeight { get; set; } = 0.5;

    public double LsaWeight { get; set; } = 0.25;

    public double EncoderWeight { get; set; } = 0.25;

    /// <summary>
    /// Semantic similarity floors: a passage whose cosine with the query is below it is no semantic candidate (a
    /// query about nothing in the corpus finds nothing). Unset: the model's calibrated default (see
    /// <see cref="Ranking.Fusion.SimilarityFloors"/>).
    /// </summary>
    public double? LsaFloor { get; set; }

    public double? EncoderFloor { get; set; }

    /// <summary>
    /// Pseudo-relevance feedback for hybrid: the semantic query becomes the query vector plus this weight times the
    /// centroid of the top <see cref="FeedbackPassages"/> lexical hits' vectors (Rocchio in the latent space).
    /// 0 turns it off.
    /// </summary>
    public float FeedbackWeight { get; set; } = 1f;

    public int FeedbackPassages { get; set; } = 5;
}

/// <summary>The candidates hybrid retrieval fuses.</summary>
public enum HybridPool
{
    Union,
    Lexical,
}

/// <summary>How hybrid retrieval fuses its signals.</summary>
public enum FusionMethod
{
    /// <summary>Σ weight × normalized score.</summary>
    Convex,

    /// <summary>Reciprocal Rank Fusion: Σ weight / (k + rank).</summary>
    Rrf,
}

/// <summary>How a signal's raw scores are mapped to a common scale for the convex combination.</summary>
public enum ScoreNormalization
{
    /// <summary>(s − min) / (max − min) over the signal's candidates: the best is 1, the worst 0.</summary>
    MinMax,

    /// <summary>(s − mean) / standard deviation over the signal's candidates.</summary>
    ZScore,
}
