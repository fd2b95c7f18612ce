using Microsoft.AspNetCore.Http.HttpResults;
using SearchService.Api.ResponseJson;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SearchService.Engine.Retrieval;

namespace SearchService.Api;

/// <summary><c>GET/POST /search</c>: one request model (<see cref="SearchInput"/>), one validator, for both.</summary>
public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/search").WithTags("Search");

        group.MapGet("/", SearchByQueryString)
            .AddEndpointFilter(new UnknownParameterFilter(SearchInput.ParameterNames))
            .WithName("Search")
            .WithSummary("Ranked passages for a query, each with a citation to its source paragraph.")
            .WithDescription("Filters (documentId, kind, publishedFrom, publishedTo) apply before ranking in every mode; facets are counted over every match; sort=date|-date orders by publication date with ties in relevance order; total counts every match and is the same on every page. didYouMean is the corrected query when a word was not in the index. An unknown parameter is a 400 naming it.");

        group.MapPost("/", SearchByBody)
            .WithName("SearchPost")
            .WithSummary("The same search with the parameters in a JSON body (the same names; documentId, kind and facets as arrays).")
            .Accepts<SearchInput>("application/json");

        return app;
    }

    private static Task<Results<JsonOk<SearchResponse>, ValidationProblem>> SearchByQueryString(
        [AsParameters] SearchInput input, SearchFront engine, CancellationToken cancellationToken) =>
        Run(input, engine, cancellationToken);

    private static async Task<Results<JsonOk<SearchResponse>, ValidationProblem>> SearchByBody(
        HttpRequest request, SearchFront engine, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (body, errors) = await JsonBody.ReadAsync<SearchInput>(request, json.Value.SerializerOptions, SearchInput.ParameterNames, "q, mode, syntax, publishedFrom, publishedTo and sort", "k and offset", cancellationToken);
        return body is null
            ? TypedResults.ValidationProblem(errors!, title: "Invalid search request")
            : await Run(body, engine, cancellationToken);
    }

    private static async Task<Results<JsonOk<SearchResponse>, ValidationProblem>> Run(SearchInput input, SearchFront engine, CancellationToken cancellationToken)
    {
        var validated = SearchRequestValidator.Validate(input);
        return validated.IsValid
            ? ApiResults.Ok(await engine.Search(validated.Value!, cancellationToken))
            : TypedResults.ValidationProblem(validated.Errors, title: "Invalid search request");
    }
}
