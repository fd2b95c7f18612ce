using System.Globalization;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// Turns raw request fields (from a query string, a JSON body or a gRPC message) into a <see cref="SearchRequest"/>,
/// or into messages a person understands, keyed by the parameter at fault. Every transport uses this one set of rules.
/// </summary>
public static class SearchRequestValidator
{
    public const int MaxQueryLength = 1000;
    public const int MaxK = 100;

    /// <summary>Deep paging is refused, as Elasticsearch refuses from + size over 10,000.</summary>
    public const int MaxWindow = 10_000;

    public static SearchRequest? Validate(string? q, int? k, int? offset, string? mode, string? syntax, out Dictionary<string, string[]> errors, bool explain = false)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["The query 'q' is required and must not be empty."];
        }
        else if (q.Length > MaxQueryLength)
        {
            errors["q"] = [$"The query 'q' is {q.Length} characters long; the limit is {MaxQueryLength}."];
        }

        var size = k ?? 10;
        if (size is < 1 or > MaxK)
        {
            errors["k"] = [$"'k' must be between 1 and {MaxK}; it was {size}."];
        }

        var skip = offset ?? 0;
        if (skip < 0)
        {
            errors["offset"] = [$"'offset' must be 0 or more; it was {skip}."];
        }
        else if ((long)skip + size > MaxWindow)
        {
            errors["offset"] = [$"'offset' + 'k' must not exceed {MaxWindow}; refine the query instead of paging this deep."];
        }

        var searchMode = ParseEnum<SearchMode>(mode, SearchMode.Hybrid, "mode", errors);
        var querySyntax = ParseEnum<QuerySyntax>(syntax, QuerySyntax.Plain, "syntax", errors);
        return errors.Count > 0 ? null : new SearchRequest(q!, size, skip, searchMode, querySyntax, explain);
    }

    /// <summary>Parses an optional whole number from a query string; a malformed one becomes an error for <paramref name="name"/>.</summary>
    public static int? ParseInt(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors[name] = [$"'{name}' must be a whole number; it was '{Truncate(value)}'."];
        return null;
    }

    /// <summary>Parses an optional true/false flag from a query string; anything else becomes an error for <paramref name="name"/>.</summary>
    public static bool ParseBool(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        errors[name] = [$"'{name}' must be true or false; it was '{Truncate(value)}'."];
        return false;
    }

    private static T ParseEnum<T>(string? value, T fallback, string name, Dictionary<string, string[]> errors)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        // Names only: Enum.TryParse would also accept numbers such as "7".
        var match = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
        if (match is not null)
        {
            return Enum.Parse<T>(match);
        }

        var allowed = string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        errors[name] = [$"Unknown {name} '{Truncate(value)}'; use one of: {allowed}."];
        return fallback;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
