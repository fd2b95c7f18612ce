using Lucene.Net.Search;

namespace SearchService.Engine.Retrieval;

/// <summary>A Lucene query and the analyzed terms it searches for (for highlighting). <see cref="Query"/> is null when no term survives analysis.</summary>
/// <param name="TermCounts">For plain queries, each distinct analyzed term with how often it was typed, in first-seen order; empty for parsed ones.</param>
public sealed record LexicalQuery(Query? Query, IReadOnlySet<string> Terms, IReadOnlyList<(string Term, int Count)> TermCounts)
{
    public LexicalQuery(Query? query, IReadOnlySet<string> terms)
        : this(query, terms, [])
    {
    }
}
