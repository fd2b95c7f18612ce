namespace SearchService.Engine.Indexing;

/// <summary>A source file the last pass could not index, and why. An earlier indexed version, if any, stays searchable.</summary>
public sealed record SkippedSource(string FileName, string Reason);
