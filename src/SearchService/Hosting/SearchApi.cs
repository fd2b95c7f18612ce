using SearchService.Api;
using SearchService.Grpc;

namespace SearchService.Hosting;

public static class SearchApi
{
    /// <summary>Maps every HTTP endpoint of the service.</summary>
    public static WebApplication MapSearchApi(this WebApplication app)
    {
        app.UseGrpcMessageLimit();  // before anything reads a body
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();           // no origins configured: no policy, no CORS headers
        app.UseDefaultFiles();   // "/" serves wwwroot/index.html, the search page
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.MapOpenApi();

        // Search-type endpoints share one bounded concurrency limit (429 beyond it), and run the registered filters.
        var searches = app.MapGroup("").RequireRateLimiting(SecurityHostingExtensions.SearchPolicy);
        foreach (var filter in app.Services.GetServices<ISearchEndpointFilter>())
        {
            searches.AddEndpointFilter(filter);
        }

        searches.MapSearchEndpoints();
        searches.MapSuggestEndpoints();
        searches.MapAskEndpoints();
        app.MapDocumentEndpoints();
        app.MapStatsEndpoints();
        app.MapAdminEndpoints();
        app.MapJudgmentEndpoints(SecurityHostingExtensions.SearchPolicy);
        app.MapRankerEndpoints();
        app.MapIngestionEndpoints();
        app.MapGroup("").DisableRateLimiting().MapHealthEndpoints();
        app.MapGroup("").RequireSearchLimitOnGrpcSearches().MapSearchGrpc();
        return app;
    }
}
