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
        var inputs = new List<FusionInput>(spaces.Count + 1);
        var lexicalList = SignalCandidates.None(SignalKind.Lexical);
        var lexicalQueried = lexical.Query is not null && Ranking.LexicalWeight > 0;

        // The lexical pass records its matches, so the union count needs no second run of the query.
        using var lexicalMatched = lexicalQueried ? new MatchedDocs(searcher.IndexReader.MaxDoc) : null;
        if (lexicalQueried)
        {
            var signal = new LexicalSignal(searcher, lexical.Query!, deadline, lexicalMatched);
            lexicalList = signal.Retrieve(depth);
            inputs.Add(new FusionInput(signal, Ranking.LexicalWeight, lexicalList.Top));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var lexicalDocs = DocsOf(lexicalList.Top);
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
        var pool = rerankOnly ? lexicalDocs : UnionPool(inputs);
        using var fusion = SearchTelemetry.Start("fusion");
        var candidates = SignalFusion.Fuse(pool, inputs, ScoreFusions.For(Ranking));
        return new RankedList(SearchMode.Hybrid, LexicalMatchCount.Union(searcher, lexical.Query, lexicalList.Matches, semanticMatches, lexicalMatched), candidates)
        {
            LexicalMatches = lexicalQueried ? lexical.Query : null,
            SemanticMatches = semanticMatches,
        };
    }

    private static List<int> DocsOf(IReadOnlyList<ScoredDoc> list)
    {
        var docs = new List<int>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            docs.Add(list[i].Doc);
        }

        return docs;
    }

    /// <summary>Every input's listed passages, each once, in order of first listing.</summary>
    private static List<int> UnionPool(List<FusionInput> inputs)
    {
        var capacity = 0;
        foreach (var input in inputs)
        {
            capacity += input.List.Count;
        }

        var pool = new List<int>(capacity);
        var seen = new HashSet<int>(capacity);
        foreach (var input in inputs)
        {
            var list = input.List;
            for (var i = 0; i < list.Count; i++)
            {
                if (seen.Add(list[i].Doc))
                {
                    pool.Add(list[i].Doc);
                }
            }
        }

        return pool;
    }

    private double WeightOf(SignalKind kind) => kind switch
    {
        SignalKind.Lexical => Ranking.LexicalWeight,
        SignalKind.Lsa => Ranking.LsaWeight,
        _ => Ranking.EncoderWeight,
    };
}
