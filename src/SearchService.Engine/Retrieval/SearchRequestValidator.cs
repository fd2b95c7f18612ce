using System.Globalization;
using SearchService.Engine.Facets;
using SearchService.Engine.Filtering;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Sorting;

namespace SearchService.Engine.Retrieval;

/// <summary>A validated request, or messages a person understands keyed by the parameter at fault.</summary>
public sealed record Validated<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors)
    where T : class
{
    public bool IsValid => Value is not null && Errors.Count == 0;
}

/// <summary>
/// Turns a <see cref="SearchInput"/> (from a query string, a JSON body, a gRPC message or the CLI) into a
/// <see cref="SearchRequest"/>, or into messages keyed by the parameter at fault. Every transport uses this one set
/// of rules.
/// </summary>
public static class SearchRequestValidator
{
    public const int MaxQueryLength = 1000;
    public const int MaxK = 100;

    /// <summary>Deep paging is refused, as Elasticsearch refuses from + size over 10,000.</summary>
    public const int MaxWindow = 10_000;

    /// <summary>More documents than this in one filter is a mistake, not a search (and an unbounded OR).</summary>
    public const int MaxDocumentIds = 100;

    public static Validated<SearchRequest> Validate(SearchInput input)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var q = input.Q;
        if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["The query 'q' is required and must not be empty."];
        }
        else if (q.Length > MaxQueryLength)
        {
            errors["q"] = [$"The query 'q' is {q.Length} characters long; the limit is {MaxQueryLength}."];
        }

        var size = input.K ?? 10;
        if (size is < 1 or > MaxK)
        {
            errors["k"] = [$"'k' must be between 1 and {MaxK}; it was {size}."];
        }

        var skip = input.Offset ?? 0;
        if (skip < 0)
        {
            errors["offset"] = [$"'offset' must be 0 or more; it was {skip}."];
        }
        else if ((long)skip + size > MaxWindow)
        {
            errors["offset"] = [$"'offset' + 'k' must not exceed {MaxWindow}; refine the query instead of paging this deep."];
        }

        var searchMode = ParseEnum(input.Mode, SearchMode.Hybrid, "mode", errors);
        var querySyntax = ParseEnum(input.Syntax, QuerySyntax.Plain, "syntax", errors);
        var filter = ParseFilter(input, errors);
        var facets = ParseEnums(input.Facets, FacetField.DocumentId, "facets", errors);
        if (!SortOrders.TryParse(string.IsNullOrEmpty(input.Sort) ? "relevance" : input.Sort, out var sort))
        {
            errors["sort"] = [$"Unknown sort '{Truncate(input.Sort!)}'; use one of: {string.Join(", ", SortOrders.Names)}."];
        }

        var request = errors.Count > 0
            ? null
            : new SearchRequest(q!, size, skip, searchMode, querySyntax, input.Explain ?? false, filter, facets, sort);
        return new Validated<SearchRequest>(request, errors);
    }

    /// <summary>
    /// An error for each name in <paramref name="given"/> that is not one of <paramref name="known"/> (compared
    /// ignoring case, as binding does): a misspelled or unsupported parameter is refused, never silently ignored.
    /// </summary>
    public static Dictionary<string, string[]> UnknownParameters(IEnumerable<string> given, IReadOnlyList<string> known)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (AllKnown(given, known))
        {
            return errors;  // every request that binds: no LINQ pipeline
        }

        foreach (var name in given.Where(n => !known.Contains(n, StringComparer.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).Take(10))
        {
            errors[Truncate(name)] = [$"Unknown parameter '{Truncate(name)}'; the parameters are: {string.Join(", ", known)}."];
        }

        return errors;
    }

    private static bool AllKnown(IEnumerable<string> given, IReadOnlyList<string> known)
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

    private static SearchFilter ParseFilter(SearchInput input, Dictionary<string, string[]> errors)
    {
        var documentIds = input.DocumentId is null or [] ? [] : input.DocumentId.Where(id => !string.IsNullOrEmpty(id)).Distinct(StringComparer.Ordinal).ToList();
        if (documentIds.Count > MaxDocumentIds)
        {
            errors["documentId"] = [$"At most {MaxDocumentIds} 'documentId' values; there were {documentIds.Count}."];
        }
        else if (documentIds.FirstOrDefault(id => id.Length > 200) is { } tooLong)
        {
            errors["documentId"] = [$"A 'documentId' is at most 200 characters; '{Truncate(tooLong)}' is {tooLong.Length}."];
        }

        var kinds = ParseEnums(input.Kind, PassageKind.Paragraph, "kind", errors);
        var from = ParseDate(input.PublishedFrom, "publishedFrom", errors);
        var to = ParseDate(input.PublishedTo, "publishedTo", errors);
        if (from > to)
        {
            errors["publishedTo"] = [$"'publishedTo' ({to:yyyy-MM-dd}) is before 'publishedFrom' ({from:yyyy-MM-dd})."];
        }

        var filter = new SearchFilter(documentIds, kinds, from, to);
        return filter.IsEmpty ? SearchFilter.None : filter;
    }

    /// <summary>The distinct enum values of a repeatable parameter, in first-seen order; most requests send none.</summary>
    private static List<T> ParseEnums<T>(string[]? values, T fallback, string name, Dictionary<string, string[]> errors)
        where T : struct, Enum =>
        values is null or [] ? [] : ParseList(values).Select(value => ParseEnum(value, fallback, name, errors)).Distinct().ToList();

    /// <summary>Values of a repeatable parameter, each of which may also be a comma-separated list.</summary>
    private static List<string> ParseList(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Take(50).ToList();

    private static DateOnly? ParseDate(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[name] = [$"'{name}' must be an ISO date such as 2024-01-31; it was '{Truncate(value)}'."];
        return null;
    }

    private static T ParseEnum<T>(string? value, T fallback, string name, Dictionary<string, string[]> errors)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        // Names only: Enum.TryParse would also accept numbers such as "7". The names and values are cached per type
        // (Enum.GetNames copies the array on every call, once per request and parameter).
        var names = EnumNames<T>.Names;
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], value, StringComparison.OrdinalIgnoreCase))
            {
                return EnumNames<T>.Values[i];
            }
        }

        var allowed = string.Join(", ", Enum.GetNames<T>().Select(RequestName<T>));
        errors[name] = [$"Unknown {name} '{Truncate(value)}'; use one of: {allowed}."];
        return fallback;
    }

    private static class EnumNames<T>
        where T : struct, Enum
    {
        public static readonly string[] Names = Enum.GetNames<T>();
        public static readonly T[] Values = Array.ConvertAll(Names, Enum.Parse<T>);
    }

    // As requests spell the values: "documentId" for facets, lower case for the rest ("hybrid", "paragraph").
    private static string RequestName<T>(string name) =>
        typeof(T) == typeof(FacetField) ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name) : name.ToLowerInvariant();

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
