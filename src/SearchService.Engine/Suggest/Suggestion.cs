using System.Text.Json.Serialization;

namespace SearchService.Engine.Suggest;

/// <summary>What a suggestion completes to: a word of the index, or a document title.</summary>
public enum SuggestionKind
{
    Term,
    Title,
}

/// <summary>One completion of what was typed.</summary>
/// <param name="Text">The query completed with an indexed word, or a document title.</param>
/// <param name="DocumentId">For a title: its document (to open it directly).</param>
public sealed record Suggestion(
    string Text,
    SuggestionKind Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DocumentId = null);

public sealed record SuggestResponse(IReadOnlyList<Suggestion> Suggestions);

/// <summary>A validated suggest request: what was typed (1–100 characters) and how many suggestions (1–20).</summary>
public sealed record SuggestRequest(string Query, int K = SuggestRequest.DefaultK)
{
    public const int DefaultK = 8;
    public const int MaxK = 20;
    public const int MaxQueryLength = 100;

    public static readonly IReadOnlyList<string> ParameterNames = ["q", "k"];

    public static Retrieval.Validated<SuggestRequest> Validate(string? q, int? k)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(q) || string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["'q' is required: what has been typed so far."];
        }
        else if (q.Length > MaxQueryLength)
        {
            errors["q"] = [$"'q' is {q.Length} characters long; suggestions take at most {MaxQueryLength}."];
        }

        var size = k ?? DefaultK;
        if (size is < 1 or > MaxK)
        {
            errors["k"] = [$"'k' must be between 1 and {MaxK}; it was {size}."];
        }

        return new Retrieval.Validated<SuggestRequest>(errors.Count == 0 ? new SuggestRequest(q!, size) : null, errors);
    }
}
