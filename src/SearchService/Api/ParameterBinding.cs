using System.Text.RegularExpressions;

namespace SearchService.Api;

/// <summary>
/// Says a query-string binding failure in the API's terms. Minimal APIs bind <c>[AsParameters]</c> records before
/// any handler runs and report a malformed value as <c>Failed to bind parameter "int? K" from "ten".</c>, naming a
/// CLR type; the caller sent <c>k=ten</c> and should read "'k' must be a whole number".
/// </summary>
internal static partial class ParameterBinding
{
    public static (string Parameter, string Message)? Explain(BadHttpRequestException exception)
    {
        var match = BindFailure().Match(exception.Message);
        if (!match.Success)
        {
            return null;
        }

        var name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(match.Groups["name"].Value);
        var value = match.Groups["value"].Value;
        value = value.Length <= 40 ? value : value[..40] + "…";
        var type = match.Groups["type"].Value.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('?', '[', ']', '>');
        var expected = type switch
        {
            "int" or "Int32" or "long" => "a whole number",
            "bool" or "Boolean" => "true or false",
            var other => $"a valid {other}",
        };
        return (name, $"'{name}' must be {expected}; it was '{value}'.");
    }

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();
}
