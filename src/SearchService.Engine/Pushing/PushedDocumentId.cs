using System.Text.RegularExpressions;

namespace SearchService.Engine.Pushing;

/// <summary>
/// What a pushed document's id may be. The id names its file in the pushed folder, so it is a plain file name that
/// cannot climb out of the folder (no separators, no leading dot) and stays short.
/// </summary>
public static partial class PushedDocumentId
{
    public const int MaxLength = 128;

    /// <summary>The rule in JSON-Schema (ECMA) form, for the OpenAPI document and error messages.</summary>
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";

    public const string Rule = "1-128 characters of letters, digits, '.', '_' and '-', starting with a letter or digit";

    public static bool IsValid(string? id) => id is not null && Valid().IsMatch(id);

    // \z, not $: $ would also accept a trailing newline.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();
}
