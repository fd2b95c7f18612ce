using Microsoft.Extensions.Options;

namespace SearchService.Engine.Retrieval;

/// <summary>Refuses to start with a query limit out of range, naming the setting.</summary>
internal sealed class QueryLimitsValidation : IValidateOptions<SearchOptions>
{
    public ValidateOptionsResult Validate(string? name, SearchOptions options)
    {
        var problems = options.QueryLimits.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
