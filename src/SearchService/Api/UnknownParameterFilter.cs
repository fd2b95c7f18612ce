using SearchService.Engine.Retrieval;

namespace SearchService.Api;

/// <summary>
/// Refuses a query string naming a parameter the endpoint does not have (<c>document=</c> for <c>documentId=</c>):
/// silently ignoring it would return unfiltered results that look filtered.
/// </summary>
internal sealed class UnknownParameterFilter(IReadOnlyList<string> known) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = SearchRequestValidator.UnknownParameters(context.HttpContext.Request.Query.Keys, known);
        return errors.Count == 0
            ? next(context)
            : ValueTask.FromResult<object?>(TypedResults.ValidationProblem(errors, title: "Unknown parameter"));
    }
}
