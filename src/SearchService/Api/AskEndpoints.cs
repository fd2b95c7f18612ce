using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
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
            .WithName("Ask")
            .WithSummary("The sentence of the corpus that best answers a question, cited to its offsets in the source file; answer is null, with a reason, when nothing answers it.")
            .WithDescription(Description);

        group.MapPost("/", AskByBody)
            .WithName("AskPost")
            .WithSummary("The same question with its parameters in a JSON body.")
            .Accepts<AskBody>("application/json");

        return app;
    }

    private static Results<Ok<AskResponse>, ValidationProblem> AskByQueryString(
        string? q, string? k, string? mode, AnswerExtractor answers, CancellationToken cancellationToken)
    {
        var parseErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var size = SearchRequestValidator.ParseInt(k, "k", parseErrors);
        return Run(q, size, mode, parseErrors, answers, cancellationToken);
    }

    private static async Task<Results<Ok<AskResponse>, ValidationProblem>> AskByBody(
        HttpRequest request, AnswerExtractor answers, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync<AskBody>(request, json.Value.SerializerOptions, "q, mode", "k", cancellationToken);
        return body is null
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [error!] })
            : Run(body.Q, body.K, body.Mode, [], answers, cancellationToken);
    }

    private static Results<Ok<AskResponse>, ValidationProblem> Run(
        string? q, int? k, string? mode, Dictionary<string, string[]> parseErrors, AnswerExtractor answers, CancellationToken cancellationToken)
    {
        var request = SearchRequestValidator.Validate(q, k ?? AskDefaults.Passages, 0, mode, null, out var errors);
        foreach (var (name, messages) in parseErrors)
        {
            errors[name] = messages;
        }

        return request is null || errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "Invalid question")
            : TypedResults.Ok(answers.Ask(request, cancellationToken));
    }
}

/// <summary>The JSON body of <c>POST /ask</c>.</summary>
public sealed record AskBody(string? Q, int? K, string? Mode);
