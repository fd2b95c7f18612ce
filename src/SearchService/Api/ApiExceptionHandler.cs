using Microsoft.AspNetCore.Diagnostics;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Api;

/// <summary>
/// Turns the engine's expected failures into problem details: a query that cannot run is the caller's 400, an index
/// still opening is a 503. Anything else stays a 500 without a stack trace (the default problem details writer).
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, errors) = exception switch
        {
            InvalidQueryException invalid => (StatusCodes.Status400BadRequest, "Invalid query", invalid.Message,
                new Dictionary<string, string[]> { [invalid.Parameter] = [invalid.Message] }),
            IndexNotReadyException notReady => (StatusCodes.Status503ServiceUnavailable, "Index not ready", notReady.Message, null),
            SemanticUnavailableException semantic => (StatusCodes.Status503ServiceUnavailable, "Semantic retrieval unavailable", semantic.Message, null),
            VectorsIncompleteException incomplete => (StatusCodes.Status503ServiceUnavailable, "Semantic retrieval unavailable", incomplete.Message, null),
            BadHttpRequestException bad when ParameterBinding.Explain(bad) is { } binding => (StatusCodes.Status400BadRequest, "Invalid parameter", binding.Message,
                new Dictionary<string, string[]> { [binding.Parameter] = [binding.Message] }),
            BadHttpRequestException bad => (bad.StatusCode, TitleOf(bad.StatusCode), bad.Message, null),
            _ => (0, null, null, null),
        };
        if (status == 0)
        {
            return false;
        }

        context.Response.StatusCode = status;
        var problem = errors is null
            ? new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail };
        if (exception is VectorsIncompleteException vectors)
        {
            context.Response.Headers.RetryAfter = vectors.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            problem.Extensions["vectors"] = new { encoded = vectors.Progress.Encoded, total = vectors.Progress.Total, model = vectors.Progress.Model };
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Bad request",
    };
}
