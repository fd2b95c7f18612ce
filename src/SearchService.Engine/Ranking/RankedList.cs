using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking;

/// <summary>What a ranking strategy found: the mode actually served, the real match count, and the ranked candidates.</summary>
internal record RankedList(SearchMode Mode, long Total, IReadOnlyList<Candidate> Candidates)
{
    /// <summary>The lexical query whose every match counts in <see cref="Total"/> (null when none does): facets count them all.</summary>
    public Lucene.Net.Search.Query? LexicalMatches { get; init; }

    /// <summary>The passages at or above the similarity floor that count in <see cref="Total"/>.</summary>
    public IReadOnlyCollection<int>? SemanticMatches { get; init; }

    /// <summary>The <c>explain</c> scores of the candidates from <paramref name="offset"/> on (a page, so costly explanations stay per page).</summary>
    public virtual IReadOnlyList<HitScores> Explain(int offset, int count) =>
        Candidates.Skip(offset).Take(count).Select(c => c.Scores).ToList();
}
