using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using SearchService.Api.ResponseJson;
using SearchService.Engine.Suggest;

namespace SearchService.Api;

/// <summary><c>GET /suggest</c>: completions for search-as-you-type.</summary>
public static class SuggestEndpoints
{
    public static IEndpointRouteBuilder MapSuggestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/suggest").WithTags("Search")
            .MapGet("/", Suggest)
            .AddEndpointFilter(new UnknownParameterFilter(SuggestRequest.ParameterNames))
            .WithName("Suggest")
            .WithSummary("Completions of what has been typed: indexed words (most frequent first) and document titles.")
            .WithDescription("The last word of q is completed from the index's words (kind \"term\", text = q with that word completed); titles holding the typed words follow (kind \"title\", with documentId).");
        return app;
    }

    private static async Task<Results<JsonOk<SuggestResponse>, ValidationProblem>> Suggest([AsParameters] SuggestInput input, SearchFront front, CancellationToken cancellationToken)
    {
        var validated = SuggestRequest.Validate(input.Q, input.K);
        return validated.IsValid
            ? ApiResults.Ok(await front.Suggest(validated.Value!, cancellationToken))
            : TypedResults.ValidationProblem(validated.Errors, title: "Invalid suggest request");
    }

    /// <summary>The query string of <c>GET /suggest</c>.</summary>
    public sealed record SuggestInput(
        [property: Description("What has been typed so far, 1-100 characters; the last word is completed.")] string? Q,
        [property: Description("How many suggestions, 1-20."), DefaultValue(SuggestRequest.DefaultK)] int? K);
}
