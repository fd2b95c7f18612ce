namespace SearchService.Api;

/// <summary>The JSON body of <c>POST /search</c>: the same fields as the query string.</summary>
public sealed record SearchBody(string? Q, int? K, int? Offset, string? Mode, string? Syntax, bool? Explain);
