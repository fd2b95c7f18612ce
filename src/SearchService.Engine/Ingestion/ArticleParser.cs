namespace SearchService.Engine.Ingestion;

/// <summary>
/// Parses one scraped news article (plain text, one paragraph per line) into metadata and searchable passages.
/// The pipeline: read lines with offsets, cut the related-links trailer and page furniture, lift out the metadata
/// lines, then classify what is left into paragraphs, captions, questions and section headings.
/// </summary>
public sealed class ArticleParser
{
    public ParsedDocument Parse(string documentId, string sourcePath, string rawText)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentNullException.ThrowIfNull(rawText);

        var articleLines = ReadArticleLines(rawText);
        var extracted = MetadataExtractor.Extract(articleLines);
        var bodyLines = articleLines.Where(line => !extracted.ConsumedLineNumbers.Contains(line.Number)).ToList();
        var passages = AssemblePassages(documentId, rawText, bodyLines);

        var metadata = new DocumentMetadata(
            documentId,
            ChooseTitle(documentId, extracted.Headline, passages),
            extracted.Published,
            extracted.Publisher,
            extracted.Url,
            extracted.Byline,
            sourcePath);
        return new ParsedDocument(metadata, rawText, passages);
    }

    /// <summary>The file name without directory or extension; both separators are accepted so Windows paths work too.</summary>
    public static string DocumentIdFromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fileName = path[(path.LastIndexOfAny(['/', '\\']) + 1)..];
        var dot = fileName.LastIndexOf('.');
        return dot > 0 ? fileName[..dot] : fileName;
    }

    /// <summary>Non-blank lines that belong to the article: everything before the related-links block, minus furniture.</summary>
    private static List<SourceLine> ReadArticleLines(string rawText)
    {
        var lines = SourceLineReader.Read(rawText);
        var articleEnd = BoilerplateFilter.FindRelatedLinksStart(lines);
        return lines.Take(articleEnd).Where(line => !BoilerplateFilter.IsBoilerplate(line.Text)).ToList();
    }

    private static IReadOnlyList<Passage> AssemblePassages(string documentId, string rawText, List<SourceLine> bodyLines)
    {
        var assembler = new PassageAssembler(documentId, rawText);
        for (var i = 0; i < bodyLines.Count; i++)
        {
            assembler.Add(bodyLines[i], LineClassifier.Classify(bodyLines[i], hasFollowingLine: i + 1 < bodyLines.Count));
        }

        return assembler.Passages;
    }

    /// <summary>Headline if the article has one, else the opening of its first paragraph (never a caption), else the id.</summary>
    private static string ChooseTitle(string documentId, string? headline, IReadOnlyList<Passage> passages)
    {
        var firstParagraph = passages.FirstOrDefault(passage => passage.Kind == PassageKind.Paragraph);
        var candidate = headline ?? (firstParagraph is null ? null : TitleFallback.FromParagraph(firstParagraph.Text));

        // Titles are shown in result lists where a stray pipe reads as a column separator.
        var title = candidate is null ? string.Empty : WhitespaceNormalizer.Normalize(candidate.Replace('|', ' '));
        return title.Length > 0 ? title : documentId;
    }
}
