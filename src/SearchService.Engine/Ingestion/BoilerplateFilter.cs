using System.Text.RegularExpressions;

namespace SearchService.Engine.Ingestion;

/// <summary>
/// Recognises the page furniture that scrapers leave in article text: comment counters, empty widgets, language
/// switchers, image alt text and the "related articles" block. None of it is something a reader would search for.
/// </summary>
internal static partial class BoilerplateFilter
{
    /// <summary>Lines that open the related-links block; everything after them is navigation, not article.</summary>
    private static readonly HashSet<string> RelatedLinksMarkers = new(StringComparer.OrdinalIgnoreCase)
    {
        "Same tag", "Same category", "Same author", "Related news", "Related articles", "Related posts",
    };

    /// <summary>Widget labels that stand alone on a line.</summary>
    private static readonly HashSet<string> WidgetLabels = new(StringComparer.OrdinalIgnoreCase)
    {
        "Source", "No data", "No videos available",
    };

    /// <summary>Index of the first line of the trailing related-links block, or the line count when there is none.</summary>
    public static int FindRelatedLinksStart(IReadOnlyList<SourceLine> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (RelatedLinksMarkers.Contains(lines[i].Text))
            {
                return i;
            }
        }

        return lines.Count;
    }

    public static bool IsBoilerplate(string text) =>
        WidgetLabels.Contains(text)
        || CommentCounter().IsMatch(text)
        || ImageAltText().IsMatch(text)
        || SourceWithoutUrl().IsMatch(text)
        || IsNavigationBar(text);

    /// <summary>
    /// "Vietnamese | English", "Home | News": short labels joined by pipes. A caption is wrapped in pipes instead,
    /// so a line that starts or ends with a pipe is never a navigation bar.
    /// </summary>
    private static bool IsNavigationBar(string text)
    {
        if (LineShape.IsPiped(text) || !text.Contains('|'))
        {
            return false;
        }

        var labels = text.Split('|', StringSplitOptions.TrimEntries);
        return labels.All(label => label.Length > 0 && label.Split(' ').Length <= 2 && LineShape.StartsLikeTitle(label));
    }

    [GeneratedRegex(@"^Comments?\s*\(\d+\)$", RegexOptions.IgnoreCase)]
    private static partial Regex CommentCounter();

    /// <summary>Alt text of inline images ends with the image's number: "... vươn mình- Ảnh 1."</summary>
    [GeneratedRegex(@"(?:^|[\s\-–])(?:Ảnh|Photo|Image)\s+\d+\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex ImageAltText();

    /// <summary>A "Source:" label whose URL is missing carries nothing worth keeping; with a URL it is metadata.</summary>
    [GeneratedRegex(@"^Source\s*:(?!\s*https?://)", RegexOptions.IgnoreCase)]
    private static partial Regex SourceWithoutUrl();
}
