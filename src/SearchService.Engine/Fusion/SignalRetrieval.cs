using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Telemetry;

namespace SearchService.Engine.Fusion;

/// <summary>
/// Retrieval as a pipeline of steps: each signal (BM25, LSA cosine, encoder cosine) produces a candidate list with
/// raw scores; the pool is their union (or the lexical list alone, re-scored); one fusion strategy combines them.
/// Lexical and semantic modes are the same pipeline with one signal. Hybrid quietly answers lexically while no
/// vectors are available; an explicit semantic request says so instead.
/// </summary>
internal sealed class SignalRetrieval(SearchOptions options)
{
    private RankingOptions Ranking => options.Ranking;

    /// <param name="allowed">The doc ids a filter allows (null: all); the lexical query must already be restricted to the same filter.</param>
    /// <param name="stablePages">
    /// Hybrid only: rank deeper than the candidate depth in tiers (see <see cref="StablePages"/>), so that the first
    /// n results are the same whatever page asked for them. Off for evaluation, which reads one list at one depth.
    /// </param>
    public RetrievalOutcome Run(ServingSearcher searcher, LuceneIndex index, string query, LexicalQuery lexical, SearchMode mode, int needed, QueryDeadline deadline, Lucene.Net.Util.IBits? allowed = null, bool stablePages = false)
    {
        var cancellationToken = deadline.CancellationToken;
        cancellationToken.ThrowIfCancellationRequested();
        var spaces = VectorSpaces.Of(searcher, index);
        if (mode == SearchMode.Hybrid && spaces.Count == 0)
        {
            mode = SearchMode.Lexical;
        }

        return mode switch
        {
            SearchMode.Lexical => Lexical(searcher, lexical, needed, deadline),
            SearchMode.Semantic => Semantic(searcher, spaces, query, Math.Max(Ranking.CandidateDepth, needed), allowed),
            _ when stablePages => StablePages.Rank(Ranking.CandidateDepth, needed, searcher.IndexReader.MaxDoc, depth => Hybrid(searcher, spaces, query, lexical, depth, deadline, allowed)),
            _ => Hybrid(searcher, spaces, query, lexical, Math.Max(Ranking.CandidateDepth, needed), deadline, allowed),
        };
    }

    private static RetrievalOutcome Lexical(ServingSearcher searcher, LexicalQuery lexical, int needed, QueryDeadline deadline)
    {
        if (lexical.Query is null)
        {
            return new RetrievalOutcome(SearchMode.Lexical, 0, []);
        }

        var list = new LexicalSignal(searcher, lexical.Query, deadline).Retrieve(needed);
        return new RetrievalOutcome(SearchMode.Lexical, list.Matches, SignalFusion.Single(list), lexical.Query, []);
    }

    /// <summary>The best semantic signal alone (the encoder when there is one, else LSA), without feedback.</summary>
    private RetrievalOutcome Semantic(ServingSearcher searcher, IReadOnlyList<IVectorSpace> spaces, string query, int depth, Lucene.Net.Util.IBits? allowed)
    {
        using var span = SearchTelemetry.Start("vectors");
        if (spaces.Count == 0 && HasNoPassages(searcher))
        {
            // An index with no passages (sources missing or empty) has no vectors to build: nothing matches, as in
            // lexical mode, instead of a 503 saying vectors are "still being built" forever.
            return new RetrievalOutcome(SearchMode.Semantic, 0, []);
        }

        var space = spaces.Count > 0 ? spaces[^1] : throw new SemanticUnavailableException();
        var signal = VectorSignal.Prepare(space, query, FloorOf(space), allowed: allowed);
        var list = signal?.Retrieve(depth) ?? SignalCandidates.None(space.Kind);
        return new RetrievalOutcome(SearchMode.Semantic, list.Matches, SignalFusion.Single(list), null, list.MatchedDocs ?? []);
    }

    private RetrievalOutcome Hybrid(ServingSearcher searcher, IReadOnlyList<IVectorSpace> spaces, string query, LexicalQuery lexical, int depth, QueryDeadline deadline, Lucene.Net.Util.IBits? allowed)
    {
        var cancellationToken = deadline.CancellationToken;
        var inputs = new List<FusionInput>();
        var lexicalList = SignalCandidates.None(SignalKind.Lexical);
        if (lexical.Query is not null && Ranking.LexicalWeight > 0)
        {
            var signal = new LexicalSignal(searcher, lexical.Query, deadline);
            lexicalList = signal.Retrieve(depth);
            inputs.Add(new FusionInput(signal, Ranking.LexicalWeight, lexicalList.Top));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var lexicalDocs = lexicalList.Top.Select(h => h.Doc).ToList();
        var rerankOnly = Ranking.HybridPool == HybridPool.Lexical;
        var semanticMatches = new HashSet<int>();
        using (SearchTelemetry.Start("vectors"))
        {
            foreach (var space in spaces)
            {
                var weight = WeightOf(space.Kind);
                // Feedback (Rocchio from the top BM25 hits) helps the corpus-fitted LSA, whose query vectors are thin.
                var feedback = space.Kind == SignalKind.Lsa ? lexicalDocs.Take(Ranking.FeedbackPassages).ToList() : [];
                var signal = weight > 0 ? VectorSignal.Prepare(space, query, FloorOf(space), feedback, Ranking.FeedbackWeight, allowed) : null;
                if (signal is null)
                {
                    continue;
                }

                var list = rerankOnly ? signal.Rescore(lexicalDocs) : signal.Retrieve(depth);
                semanticMatches.UnionWith(list.MatchedDocs ?? []);
                inputs.Add(new FusionInput(signal, weight, list.Top));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var pool = rerankOnly ? lexicalDocs : inputs.SelectMany(i => i.List.Select(h => h.Doc)).Distinct().ToList();
        using var fusion = SearchTelemetry.Start("fusion");
        var candidates = SignalFusion.Fuse(pool, inputs, ScoreFusions.For(Ranking));
        var countedLexical = lexical.Query is not null && Ranking.LexicalWeight > 0 ? lexical.Query : null;
        return new RetrievalOutcome(SearchMode.Hybrid, UnionCount(searcher, lexical, lexicalList.Matches, semanticMatches), candidates, countedLexical, semanticMatches);
    }

    /// <summary>|lexical ∪ semantic| = |lexical| + |semantic| − |semantic passages the lexical query matches|.</summary>
    private static long UnionCount(ServingSearcher searcher, LexicalQuery lexical, long lexicalMatches, HashSet<int> semantic)
    {
        if (semantic.Count == 0)
        {
            return lexicalMatches;
        }

        var both = lexical.Query is null ? 0 : LexicalMatchCount.Within(searcher, lexical.Query, semantic.ToList());
        return lexicalMatches + semantic.Count - both;
    }

    private static bool HasNoPassages(ServingSearcher searcher) =>
        searcher.Search(new Lucene.Net.Search.TermQuery(new Lucene.Net.Index.Term(IndexFields.Type, IndexFields.PassageType)), 1).TotalHits == 0;

    private double WeightOf(SignalKind kind) => kind switch
    {
        SignalKind.Lexical => Ranking.LexicalWeight,
        SignalKind.Lsa => Ranking.LsaWeight,
        _ => Ranking.EncoderWeight,
    };

    private double FloorOf(IVectorSpace space) => space is EncoderSpace encoder
        ? SimilarityFloors.EncoderFloor(Ranking, encoder.Model)
        : SimilarityFloors.LsaFloor(Ranking);
}
