using SearchService.Engine.Indexing;
using SearchService.Engine.Ranking.Fusion;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Telemetry;

namespace SearchService.Engine.Ranking;

/// <summary>
/// Retrieval as a pipeline of steps: each signal (BM25, LSA cosine, encoder cosine) produces a candidate list with
/// raw scores; the pool is their union (or the lexical list alone, re-scored); one fusion strategy combines them.
/// Quietly answers lexically while no vectors are available, and says it is degraded while encoder vectors are
/// still being built.
/// </summary>
internal sealed class HybridRanking(SearchOptions options) : IRankingStrategy
{
    private RankingOptions Ranking => options.Ranking;

    public IReadOnlyList<string>? Check(ServingSearcher searcher) => EncoderGate.Check(searcher, SearchMode.Hybrid);

    public RankedList Rank(ServingSearcher searcher, LuceneIndex index, AnalyzedQuery query, int depth, QueryDeadline deadline)
    {
        deadline.CancellationToken.ThrowIfCancellationRequested();
        var spaces = VectorSpaces.Of(searcher, index, query.Embeddings);
        return spaces.Count == 0
            ? LexicalRanking.Rank(searcher, query.Lexical, depth, deadline)
            : StablePages.Rank(Ranking.CandidateDepth, depth, searcher.IndexReader.MaxDoc, at => Fuse(searcher, spaces, query, at, deadline));
    }

    private RankedList Fuse(ServingSearcher searcher, IReadOnlyList<IVectorSpace> spaces, AnalyzedQuery query, int depth, QueryDeadline deadline)
    {
        var cancellationToken = deadline.CancellationToken;
        var lexical = query.Lexical;
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
                var signal = weight > 0 ? VectorSignal.Prepare(space, query.Text, SimilarityFloors.For(Ranking, space), feedback, Ranking.FeedbackWeight, query.Allowed) : null;
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
        return new RankedList(SearchMode.Hybrid, UnionCount(searcher, lexical, lexicalList.Matches, semanticMatches), candidates)
        {
            LexicalMatches = lexical.Query is not null && Ranking.LexicalWeight > 0 ? lexical.Query : null,
            SemanticMatches = semanticMatches,
        };
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

    private double WeightOf(SignalKind kind) => kind switch
    {
        SignalKind.Lexical => Ranking.LexicalWeight,
        SignalKind.Lsa => Ranking.LsaWeight,
        _ => Ranking.EncoderWeight,
    };
}
