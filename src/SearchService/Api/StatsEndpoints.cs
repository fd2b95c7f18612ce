using SearchService.Engine.Ranking.Learned;
using SearchService.Engine.Retrieval;

namespace SearchService.Api;

public static class StatsEndpoints
{
    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stats", async (DocumentCatalog catalog, LearnedModel learned, SearchService.Api.SearchFront front, CancellationToken cancellationToken) =>
                TypedResults.Ok(catalog.Stats() with { LearnedRanking = learned.Ranker is not null, Cluster = await front.ClusterOverview(cancellationToken) }))
            .WithTags("Stats")
            .WithName("GetStats")
            .WithSummary("Documents, passages, index size on disk and when the index last changed.");
        return app;
    }
}
