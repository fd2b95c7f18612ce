using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Fusion;

/// <summary>What retrieval found: the mode actually served, the real match count, and the ranked candidates.</summary>
internal sealed record RetrievalOutcome(SearchMode Mode, long Total, List<Candidate> Candidates);
