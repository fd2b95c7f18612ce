using SearchService.Engine.Ranking.Learned;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking;

/// <summary>The ranking strategy of each search mode, chosen once per request (the only place that branches on the mode).</summary>
internal sealed class RankingStrategies(SearchOptions options, RankingFeatures features, LearnedModel? learned)
{
    private readonly LexicalRanking _lexical = new();
    private readonly SemanticRanking _semantic = new(options);
    private readonly HybridRanking _hybrid = new(options);

    /// <exception cref="InvalidQueryException">Learned mode without a usable model, or with Lucene syntax.</exception>
    public IRankingStrategy For(SearchMode mode, QuerySyntax syntax) => mode switch
    {
        SearchMode.Lexical => _lexical,
        SearchMode.Semantic => _semantic,
        SearchMode.Learned => Learned(syntax),
        _ => _hybrid,
    };

    private LearnedRanking Learned(QuerySyntax syntax)
    {
        if (learned?.Ranker is not { } ranker)
        {
            throw new InvalidQueryException("mode", learned?.Unavailable ?? "No learned model configured (Search:Ranker:ModelPath).");
        }

        return syntax == QuerySyntax.Plain
            ? new LearnedRanking(ranker, features)
            : throw new InvalidQueryException("syntax", "mode=learned re-ranks plain queries only; use syntax=plain.");
    }
}
