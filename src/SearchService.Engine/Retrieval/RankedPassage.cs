namespace SearchService.Engine.Retrieval;

/// <summary>A passage's place in a ranking, without its text: what evaluation and fusion need.</summary>
public readonly record struct RankedPassage(string PassageId, string DocumentId, double Score);

/// <summary>The top of a ranking and how many passages matched in all.</summary>
public sealed record Ranking(long Total, IReadOnlyList<RankedPassage> Passages);
