using SearchService.Engine.Ranking.Learned;
using SearchService.Engine.Retrieval;

namespace SearchService.Api;

public static class StatsEndpoints
{
    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stats", (DocumentCatalog catalog, LearnedModel learned) => TypedResults.Ok(catalog.Stats() with { LearnedRanking = learned.Ranker is not null }))
            .WithTags("Stats")
            .WithName("GetStats")
            .WithSummary("Documents, passages, index size on disk and when the index last changed.");
        return app;
    }
}
