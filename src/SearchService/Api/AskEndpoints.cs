using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SearchService.Api.ResponseJson;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SearchService.Engine.Answers;
using SearchService.Engine.Retrieval;

namespace SearchService.Api;

public static class AskEndpoints
{
    private const string Description =
        "q: the question (1-1000 chars). k: passages to read, 1-100 (10). mode: hybrid (default), lexical, semantic or learned.\n\n" +
        "Response: isQuestion says whether q reads as a question (ends with '?' or opens with a question word); a keyword " +
        "search such as \"doi moi\" is not one and gets answer null. answer.confidence is the measured accuracy of answers " +
        "scored alike on the project's answer set (docs/answers.md), answer.coverage the raw score (share of the question's " +
        "idf-weighted terms in the sentence). Below Search:Answers:MinConfidence the answer is null and reason says why. " +
        "When sources disagree (a figure that changed over time) the answer comes from the newest dated source and " +
        "answer.alternatives lists the others (text, published date or null, passage, offsets, citation), newest first.";

    public static IEndpointRouteBuilder MapAskEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ask").WithTags("Answers");

        group.MapGet("/", AskByQueryString)
            .AddEndpointFilter(new UnknownParameterFilter(AskBody.ParameterNames))
            .WithName("Ask")
            .WithSummary("The sentence of the corpus that best answers a question, cited to its offsets in the source file; answer is null, with a reason, when nothing answers it.")
            .WithDescription(Description);

        group.MapPost("/", AskByBody)
            .WithName("AskPost")
            .WithSummary("The same question with its parameters in a JSON body.")
            .Accepts<AskBody>("application/json");

        return app;
    }

    private static Task<Results<JsonOk<AskResponse>, ValidationProblem>> AskByQueryString(
        [AsParameters] AskBody input, SearchFront front, CancellationToken cancellationToken) =>
        Run(input, front, cancellationToken);

    private static async Task<Results<JsonOk<AskResponse>, ValidationProblem>> AskByBody(
        HttpRequest request, SearchFront front, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (body, errors) = await JsonBody.ReadAsync<AskBody>(request, json.Value.SerializerOptions, AskBody.ParameterNames, "q, mode", "k", cancellationToken);
        return body is null
            ? TypedResults.ValidationProblem(errors!, title: "Invalid question")
            : await Run(body, front, cancellationToken);
    }

    private static async Task<Results<JsonOk<AskResponse>, ValidationProblem>> Run(AskBody input, SearchFront front, CancellationToken cancellationToken)
    {
        var validated = SearchRequestValidator.Validate(new SearchInput { Q = input.Q, K = input.K ?? AskDefaults.Passages, Mode = input.Mode });
        return validated.IsValid
            ? ApiResults.Ok(await front.Ask(validated.Value!, cancellationToken))
            : TypedResults.ValidationProblem(validated.Errors, title: "Invalid question");
    }
}

/// <summary>The JSON body of <c>POST /ask</c>.</summary>
/// <summary>The parameters of <c>/ask</c>: the query string of GET (bound with <c>[AsParameters]</c>) or the JSON body of POST.</summary>
public sealed record AskBody(
    [property: System.ComponentModel.Description("The question, 1-1000 characters.")] string? Q,
    [property: System.ComponentModel.Description("Passages to read, 1-100."), System.ComponentModel.DefaultValue(10)] int? K,
    [property: System.ComponentModel.Description("hybrid (default), lexical, semantic or learned."), System.ComponentModel.DefaultValue("hybrid")] string? Mode)
{
    public static readonly IReadOnlyList<string> ParameterNames = ["q", "k", "mode"];
}
