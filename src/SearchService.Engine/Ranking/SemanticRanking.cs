using SearchService.Engine.Indexing;
using SearchService.Engine.Ranking.Fusion;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Telemetry;

namespace SearchService.Engine.Ranking;

/// <summary>
/// The best semantic signal alone (the sentence encoder when there is one, else LSA), without feedback. Needs every
/// encoder vector: while they are built the request is refused (503) rather than answered from part of the corpus.
/// </summary>
internal sealed class SemanticRanking(SearchOptions options) : IRankingStrategy
{
    private RankingOptions Ranking => options.Ranking;

    public IReadOnlyList<string>? Check(ServingSearcher searcher) => EncoderGate.Check(searcher, SearchMode.Semantic);

    public RankedList Rank(ServingSearcher searcher, LuceneIndex index, AnalyzedQuery query, int depth, QueryDeadline deadline)
    {
        deadline.CancellationToken.ThrowIfCancellationRequested();
        var spaces = VectorSpaces.Of(searcher, index, query.Embeddings);
        using var span = SearchTelemetry.Start("vectors");
        if (spaces.Count == 0 && HasNoPassages(searcher))
        {
            // An index with no passages (sources missing or empty) has no vectors to build: nothing matches, as in
            // lexical mode, instead of a 503 saying vectors are "still being built" forever.
            return new RankedList(SearchMode.Semantic, 0, []);
        }

        var space = spaces.Count > 0 ? spaces[^1] : throw new SemanticUnavailableException();
        var signal = VectorSignal.Prepare(space, query.Text, SimilarityFloors.For(Ranking, space), allowed: query.Allowed);
        var list = signal?.Retrieve(Math.Max(Ranking.CandidateDepth, depth)) ?? SignalCandidates.None(space.Kind);
        return new RankedList(SearchMode.Semantic, list.Matches, SignalFusion.Single(list)) { SemanticMatches = list.MatchedDocs };
    }

    private static bool HasNoPassages(ServingSearcher searcher) =>
        searcher.Search(new Lucene.Net.Search.TermQuery(new Lucene.Net.Index.Term(IndexFields.Type, IndexFields.PassageType)), 1).TotalHits == 0;
}
