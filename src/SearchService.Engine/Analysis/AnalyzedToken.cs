namespace SearchService.Engine.Analysis;

/// <summary>A term the analyzer produced, with the UTF-16 span of the input it came from.</summary>
public readonly record struct AnalyzedToken(string Term, int Start, int End);
