using SearchService.Engine.Ingestion;
using SearchService.Engine.Pushing;

namespace SearchService.Engine.Indexing;

/// <summary>How the indexing pass lists and parses the pushed folder, the second source beside the sources folder.</summary>
internal static class PushedSources
{
    /// <summary>The pushed files by document id; empty when the folder does not exist yet (nothing was ever pushed).</summary>
    public static SortedDictionary<string, FileInfo> List(SourceFolder? folder)
    {
        var files = new SortedDictionary<string, FileInfo>(StringComparer.Ordinal);
        if (folder is null)
        {
            return files;
        }

        foreach (var file in new DirectoryInfo(folder.Path).EnumerateFiles("*" + PushedStore.Extension, SearchOption.TopDirectoryOnly))
        {
            var documentId = file.Name[..^PushedStore.Extension.Length];
            if (PushedDocumentId.IsValid(documentId))
            {
                files[documentId] = file;
            }
        }

        return files;
    }

    /// <summary>
    /// The document through the same ingestion as a folder source (passages, offsets into the uploaded text, metadata
    /// read from the text), with the metadata the caller gave taking precedence.
    /// </summary>
    /// <exception cref="UnindexableSourceException">The file is not a pushed document.</exception>
    public static ParsedDocument Parse(ArticleParser parser, string documentId, SourceFile source)
    {
        var pushed = PushedDocument.FromJson(source.Text)
            ?? throw new UnindexableSourceException("not a pushed document (the file in the pushed folder is not its JSON); push it again");
        return Parse(parser, documentId, pushed);
    }

    /// <summary>A pushed document as indexed, wherever it is kept (the pushed folder, or a cluster shard's grain storage).</summary>
    public static ParsedDocument Parse(ArticleParser parser, string documentId, PushedDocument pushed)
    {
        var parsed = parser.Parse(documentId, PushedStore.SourcePathOf(documentId), pushed.Text);
        var extracted = parsed.Metadata;
        var title = string.IsNullOrWhiteSpace(pushed.Title) ? extracted.Title : WhitespaceNormalizer.Normalize(pushed.Title);
        return parsed with
        {
            Metadata = extracted with
            {
                Title = title,
                Published = pushed.Published ?? extracted.Published,
                Url = pushed.Url ?? extracted.Url,
                Publisher = pushed.Publisher ?? extracted.Publisher,
            },
        };
    }
}
