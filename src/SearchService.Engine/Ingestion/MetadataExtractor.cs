using System.Text.RegularExpressions;

namespace SearchService.Engine.Ingestion;

/// <summary>
/// Finds the lines that describe the article rather than belong to it: headline, date (with publisher), source URL and
/// byline. Headline and date are only looked for in the header, so dates and short lines in the body stay body text.
/// </summary>
internal static partial class MetadataExtractor
{
    /// <summary>Headers in the corpus are at most four lines (switcher, date, headline, blank); leave some slack.</summary>
    private const int MaxHeaderLines = 6;

    /// <summary>Bylines sit at the very start or the very end of an article; elsewhere "By ..." is prose.</summary>
    private const int FooterLines = 3;

    private const int MaxHeadlineWords = 30;
    private const int MaxBylineWords = 12;

    public static ExtractedMetadata Extract(IReadOnlyList<SourceLine> lines)
    {
        var consumed = new HashSet<int>();
        string? headline = null;
        string? byline = null;
        DateLine? dateLine = null;

        var headerCount = CountHeaderLines(lines);
        for (var i = 0; i < headerCount; i++)
        {
            var line = lines[i];
            if (dateLine is null && DateLineParser.TryParse(line.Text, out var parsed))
            {
                dateLine = parsed;
                consumed.Add(line.Number);
            }
            else if (headline is null && IsHeadline(line, hasFollowingLine: i + 1 < lines.Count))
            {
                headline = line.Text;
                consumed.Add(line.Number);
            }
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var isHeaderOrFooter = i < headerCount || i >= lines.Count - FooterLines;
            if (byline is null && isHeaderOrFooter && TryReadByline(lines[i].Text) is { } name)
            {
                byline = name;
                consumed.Add(lines[i].Number);
            }
        }

        var url = FindSourceUrl(lines, consumed);
        return new ExtractedMetadata(headline, dateLine?.Published, dateLine?.Publisher, url, byline, consumed);
    }

    /// <summary>
    /// The header ends at the first line that reads like prose (a finished sentence, or too long for a headline).
    /// Boilerplate and captions above the headline (language switchers, a lead photo) do not end it.
    /// </summary>
    private static int CountHeaderLines(IReadOnlyList<SourceLine> lines)
    {
        var count = 0;
        while (count < lines.Count && count < MaxHeaderLines)
        {
            var text = lines[count].Text;
            var isProse = !DateLineParser.TryParse(text, out _) && !LineShape.IsPiped(text)
                && !BoilerplateFilter.IsBoilerplate(text)
                && (LineShape.EndsSentence(text) || lines[count].WordCount > MaxHeadlineWords);
            if (isProse)
            {
                break;
            }

            count++;
        }

        return count;
    }

    /// <summary>
    /// A headline is a title-like line with no closing punctuation. It must be followed by something: a file that is a
    /// single short line is treated as a one-paragraph article so its text stays searchable.
    /// </summary>
    private static bool IsHeadline(SourceLine line, bool hasFollowingLine) =>
        hasFollowingLine
        && !LineShape.IsPiped(line.Text)
        && !BoilerplateFilter.IsBoilerplate(line.Text)
        && !CaptionRules.IsPhotoCredit(line.Text)
        && !LineShape.EndsSentence(line.Text)
        && !LineShape.EndsIncomplete(line.Text)
        && LineShape.StartsLikeTitle(line.Text)
        && line.WordCount <= MaxHeadlineWords
        && TryReadByline(line.Text) is null;

    private static string? TryReadByline(string text)
    {
        var match = Byline().Match(text);
        var plausible = match.Success && text.Split(' ').Length <= MaxBylineWords
            && !LineShape.EndsSentence(text) && !LineShape.EndsIncomplete(text);
        return plausible ? match.Groups["name"].Value : null;
    }

    private static string? FindSourceUrl(IReadOnlyList<SourceLine> lines, HashSet<int> consumed)
    {
        string? url = null;
        foreach (var line in lines)
        {
            var match = SourceUrl().Match(line.Text);
            if (match.Success)
            {
                // Every "Source: <url>" line is metadata; the first one is the article's address.
                url ??= match.Groups["url"].Value;
                consumed.Add(line.Number);
            }
        }

        return url;
    }

    [GeneratedRegex(@"^By\s+(?<name>\p{Lu}.*)$")]
    private static partial Regex Byline();

    [GeneratedRegex(@"^Source\s*:\s*(?<url>https?://\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex SourceUrl();
}
