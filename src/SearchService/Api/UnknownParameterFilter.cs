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
        var query = context.HttpContext.Request.Query;
        if (AllKnown(query.Keys))
        {
            return next(context);  // every request that binds: no error dictionary, no LINQ
        }

        var errors = SearchRequestValidator.UnknownParameters(query.Keys, known);
        return errors.Count == 0
            ? next(context)
            : ValueTask.FromResult<object?>(TypedResults.ValidationProblem(errors, title: "Unknown parameter"));
    }

    private bool AllKnown(ICollection<string> given)
    {
        foreach (var name in given)
        {
            var found = false;
            for (var i = 0; i < known.Count && !found; i++)
            {
                found = string.Equals(known[i], name, StringComparison.OrdinalIgnoreCase);
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
