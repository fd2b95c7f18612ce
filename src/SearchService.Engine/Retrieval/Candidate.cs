namespace SearchService.Engine.Retrieval;

/// <summary>A passage (by Lucene doc id of the current reader) in one or both candidate lists, with its fused score.</summary>
internal readonly record struct Candidate(int Doc, double Fused, double? Lexical, int? LexicalRank, double? Semantic, int? SemanticRank)
{
    public HitScores Scores => new(Lexical, LexicalRank, Semantic, SemanticRank, Fused);
}
