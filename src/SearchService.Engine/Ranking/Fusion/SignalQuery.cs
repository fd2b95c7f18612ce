namespace SearchService.Engine.Ranking.Fusion;

/// <summary>A passage (Lucene doc id of the current reader) and a signal's raw score for it.</summary>
internal readonly record struct ScoredDoc(int Doc, double Score);

/// <summary>
/// A signal's candidates for one query: its top passages (best first, raw scores) and how many passages it matched
/// in all. Lexical matches are counted by Lucene; semantic matches are the passages at or above the similarity
/// floor, listed so that hybrid can count the union exactly.
/// </summary>
internal sealed record SignalCandidates(SignalKind Kind, IReadOnlyList<ScoredDoc> Top, long Matches, IReadOnlyList<int>? MatchedDocs = null)
{
    public static SignalCandidates None(SignalKind kind) => new(kind, [], 0, []);
}

/// <summary>One signal prepared for one query (the query analyzed or embedded once).</summary>
internal interface ISignalQuery
{
    SignalKind Kind { get; }

    /// <summary>The top <paramref name="depth"/> candidates and the match count.</summary>
    SignalCandidates Retrieve(int depth);

    /// <summary>The raw score of any passage, or null when this signal cannot score it outside its own list.</summary>
    double? Score(int doc);
}
