using Lucene.Net.Search;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Fusion;

/// <summary>What retrieval found: the mode actually served, the real match count, and the ranked candidates.</summary>
/// <param name="LexicalMatches">The lexical query whose every match counts in <paramref name="Total"/> (null when none does).</param>
/// <param name="SemanticMatches">The passages at or above the similarity floor that count in <paramref name="Total"/>.</param>
internal sealed record RetrievalOutcome(SearchMode Mode, long Total, List<Candidate> Candidates, Query? LexicalMatches = null, IReadOnlyCollection<int>? SemanticMatches = null);
