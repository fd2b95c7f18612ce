using SearchService.Engine.Facets;
using SearchService.Engine.Filtering;
using SearchService.Engine.Sorting;

namespace SearchService.Engine.Retrieval;

/// <summary>A validated search request.</summary>
/// <param name="Explain">Adds each hit's lexical, semantic and fused scores and ranks.</param>
/// <param name="Filter">Which passages may match (null: all); applied before ranking.</param>
/// <param name="Facets">Fields whose values are counted over all matches (null: none).</param>
/// <param name="Sort">Relevance (default) or publication date; date ties keep relevance order.</param>
public sealed record SearchRequest(
    string Query,
    int K = 10,
    int Offset = 0,
    SearchMode Mode = SearchMode.Hybrid,
    QuerySyntax Syntax = QuerySyntax.Plain,
    bool Explain = false,
    SearchFilter? Filter = null,
    IReadOnlyList<FacetField>? Facets = null,
    SortOrder Sort = SortOrder.Relevance);
