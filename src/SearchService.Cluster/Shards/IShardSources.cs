using SearchService.Engine;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;

namespace SearchService.Cluster.Shards;

/// <summary>
/// The durable source of truth every shard rebuilds from: all documents, in the order one index over them all would
/// add them (a shard keeps those that hash to it, and each document's position is its tie-break ordinal).
/// </summary>
public interface IShardSources
{
    IEnumerable<(ParsedDocument Document, SourceFingerprint Fingerprint)> Read();
}

/// <summary>
/// The sources folder (<c>Search:SeedsPath</c>), shared storage in a real cluster: its files of
/// <c>Search:FilePatterns</c> in ordinal order of their document ids (the order one node indexes them in, so the
/// tie-break ordinals match its doc ids; file-name order differs when, e.g., "a-b.txt" sorts before "a.txt"), parsed
/// as the single-process service parses them. Files over <c>Search:MaxFileBytes</c> are skipped, as there.
/// </summary>
public sealed class SourcesFolderShardSources(SearchOptions options) : IShardSources
{
    public IEnumerable<(ParsedDocument Document, SourceFingerprint Fingerprint)> Read()
    {
        var folder = SearchPaths.Resolve(options.SeedsPath);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var parser = new ArticleParser();
        var files = options.FilePatterns
            .SelectMany(pattern => new DirectoryInfo(folder).EnumerateFiles(pattern, SearchOption.TopDirectoryOnly))
            .Where(file => !file.Attributes.HasFlag(FileAttributes.ReparsePoint))
            .DistinctBy(file => file.Name, StringComparer.Ordinal)
            .OrderBy(file => ArticleParser.DocumentIdFromPath(file.Name), StringComparer.Ordinal)
            .ThenBy(file => file.Name, StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.Length > options.MaxFileBytes)
            {
                continue;
            }

            var source = SourceFile.Read(file, options.MaxFileBytes);
            yield return (parser.Parse(ArticleParser.DocumentIdFromPath(file.FullName), file.Name, source.Text), source.Fingerprint);
        }
    }
}
