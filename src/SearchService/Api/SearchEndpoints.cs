using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SearchService.Engine.Retrieval;

namespace SearchService.Api;

public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/search").WithTags("Search");

        group.MapGet("/", SearchByQueryString)
            .WithName("Search")
            .WithSummary("Ranked passages for a query, each with a citation to its source paragraph.")
            .WithDescription("q: query text (1-1000 chars). k: page size 1-100 (10). offset: results to skip (0). mode: hybrid (default), lexical or semantic. syntax: plain (default; never fails to parse) or lucene (phrases, AND/OR/NOT, field:term). explain: true adds each hit's lexical, semantic and fused scores and ranks.");

        group.MapPost("/", SearchByBody)
            .WithName("SearchPost")
            .WithSummary("The same search with the parameters in a JSON body.")
            .Accepts<SearchBody>("application/json");

        return app;
    }

    // Numbers arrive as strings so a malformed one is reported by name rather than as a bare 400.
    private static Results<Ok<SearchResponse>, ValidationProblem> SearchByQueryString(
        string? q, string? k, string? offset, string? mode, string? syntax, string? explain, SearchEngine engine, CancellationToken cancellationToken)
    {
        var parseErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var size = SearchRequestValidator.ParseInt(k, "k", parseErrors);
        var skip = SearchRequestValidator.ParseInt(offset, "offset", parseErrors);
        var withScores = SearchRequestValidator.ParseBool(explain, "explain", parseErrors);
        return Run(q, size, skip, mode, syntax, withScores, parseErrors, engine, cancellationToken);
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchByBody(
        HttpRequest request, SearchEngine engine, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<SearchBody>(request, json.Value.SerializerOptions, "q, mode and syntax", "k and offset", cancellationToken);
        if (body is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [error!] });
        }

        return Run(body.Q, body.K, body.Offset, body.Mode, body.Syntax, body.Explain ?? false, [], engine, cancellationToken);
    }

    private static Results<Ok<SearchResponse>, ValidationProblem> Run(
        string? q, int? k, int? offset, string? mode, string? syntax, bool explain, Dictionary<string, string[]> parseErrors, SearchEngine engine, CancellationToken cancellationToken)
    {
        var request = SearchRequestValidator.Validate(q, k, offset, mode, syntax, out var errors, explain);
        foreach (var (name, messages) in parseErrors)
        {
            errors[name] = messages;
        }

        if (request is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid search request");
        }

        return TypedResults.Ok(engine.Search(request, cancellationToken));
    }
}
