namespace SearchService.Engine.Retrieval;

/// <summary>Semantic retrieval was asked for but this generation has no vectors (being built, or turned off).</summary>
public sealed class SemanticUnavailableException()
    : Exception("Semantic retrieval is not available yet: the passage vectors are still being built, or it is turned off (Search:SemanticEnabled). Use mode=lexical.");
