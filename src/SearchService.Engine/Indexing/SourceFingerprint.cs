namespace SearchService.Engine.Indexing;

/// <summary>What identifies a version of a source file: size and time let a rescan skip hashing unchanged files.</summary>
public sealed record SourceFingerprint(string ContentHash, long Length, DateTime ModifiedUtc);
