using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SearchService.Engine.Ranking.Learned;

namespace SearchService.Api;

/// <summary>
/// <c>GET /admin/ranker</c> says which learned model is served; <c>POST /admin/ranker/reload</c> loads the configured
/// model file again (after <c>train --out</c> rewrote it) and swaps it in without a restart. Behind the admin key,
/// like the rest of /admin.
/// </summary>
public static class RankerEndpoints
{
    public static IEndpointRouteBuilder MapRankerEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value;
        if (!admin.Enabled)
        {
            return app;
        }

        var group = app.MapGroup("/admin/ranker")
            .WithTags("Admin")
            .AddEndpointFilter(new ApiKeyFilter(admin.ApiKey!))
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/", (LearnedModel model) => TypedResults.Ok(RankerState.Of(model.Current)))
            .WithName("GetRanker")
            .WithSummary("The learned model served now: its version (a hash of the file), features, training queries and cross-validation figures, or why there is none. Needs the X-Api-Key header.");

        group.MapPost("/reload", Reload)
            .WithName("ReloadRanker")
            .WithSummary("Loads Search:Ranker:ModelPath again and serves it from the next request on; requests in flight finish on the old model. A file that cannot be used is a 409 and the old model stays. Needs the X-Api-Key header.");
        return app;
    }

    private static Results<Ok<RankerState>, ProblemHttpResult> Reload(LearnedModel model)
    {
        var (served, problem) = model.Reload();
        return problem is null
            ? TypedResults.Ok(RankerState.Of(served))
            : TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Learned model not loaded",
                detail: served.Ranker is null ? problem : $"{problem} Still serving version {served.Version}.");
    }
}

/// <summary>The learned model served, as /admin/ranker reports it.</summary>
public sealed record RankerState(
    bool Loaded, string? Version, DateTimeOffset LoadedAt, string? FeatureVersion, IReadOnlyList<string>? Features, int? TrainingQueries, CrossValidationFigures? CrossValidation, string? Unavailable)
{
    public static RankerState Of(LoadedModel model)
    {
        var header = model.Ranker?.Header;
        return new RankerState(model.Ranker is not null, model.Version, model.LoadedAt, header?.FeatureVersion, header?.FeatureNames, header?.TrainingQueries, header?.CrossValidation, model.Unavailable);
    }
}
