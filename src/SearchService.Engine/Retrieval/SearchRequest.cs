namespace SearchService.Engine.Retrieval;

/// <summary>A validated search request.</summary>
/// <param name="Explain">Adds each hit's lexical, semantic and fused scores and ranks.</param>
public sealed record SearchRequest(string Query, int K = 10, int Offset = 0, SearchMode Mode = SearchMode.Hybrid, QuerySyntax Syntax = QuerySyntax.Plain, bool Explain = false);
