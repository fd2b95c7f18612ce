namespace SearchService.Engine.Retrieval;

/// <summary>A validated search request.</summary>
public sealed record SearchRequest(string Query, int K = 10, int Offset = 0, SearchMode Mode = SearchMode.Lexical, QuerySyntax Syntax = QuerySyntax.Plain);
