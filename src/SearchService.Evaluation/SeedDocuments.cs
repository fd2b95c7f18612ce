using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;

namespace SearchService.Evaluation;

/// <summary>The seed articles of a folder, parsed as the service parses them, in file-name order (the dev set and the answer set run on them).</summary>
public static class SeedDocuments
{
    public static List<(ParsedDocument Document, SourceFingerprint Fingerprint)> Read(string seedsPath)
    {
        var parser = new ArticleParser();
        return Directory.EnumerateFiles(seedsPath, "*.txt")
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var source = SourceFile.Read(new FileInfo(path), long.MaxValue);
                return (Document: parser.Parse(ArticleParser.DocumentIdFromPath(path), Path.GetFileName(path), source.Text), source.Fingerprint);
            })
            .ToList();
    }
}
