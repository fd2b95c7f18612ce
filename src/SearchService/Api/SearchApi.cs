using SearchService.Grpc;

namespace SearchService.Api;

public static class SearchApi
{
    /// <summary>Maps every HTTP endpoint of the service.</summary>
    public static WebApplication MapSearchApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();   // "/" serves wwwroot/index.html, the search page
        app.UseStaticFiles();
        app.MapOpenApi();
        app.MapSearchEndpoints();
        app.MapAskEndpoints();
        app.MapDocumentEndpoints();
        app.MapStatsEndpoints();
        app.MapHealthEndpoints();
        app.MapSearchGrpc();
        return app;
    }
}
