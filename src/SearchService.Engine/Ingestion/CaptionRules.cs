using System.Text.RegularExpressions;

namespace SearchService.Engine.Ingestion;

/// <summary>
/// Captions come in three shapes in scraped articles: wrapped in pipes (the scraper's rendering of a figure caption or
/// pull quote), a photo credit ("... - Photo: BNG", "... VNA/VNS Photo"), or a bare descriptive line that never
/// finishes as a sentence but is too long to be a section heading.
/// </summary>
internal static partial class CaptionRules
{
    /// <summary>Longer unpunctuated lines are prose whose final full stop was lost (003 ends with "... results. VNS").</summary>
    private const int MaxBareCaptionWords = 30;

    private const int MaxPhotoCreditWords = 40;

    public static bool IsPhotoCredit(string text) =>
        text.Split(' ').Length <= MaxPhotoCreditWords && PhotoCredit().IsMatch(text);

    /// <summary>An unpunctuated line longer than a heading but short enough to describe a picture.</summary>
    public static bool IsBareCaption(SourceLine line) =>
        line.WordCount > HeadingRules.MaxHeadingWords
        && line.WordCount <= MaxBareCaptionWords
        && !LineShape.EndsSentence(line.Text)
        && !LineShape.EndsIncomplete(line.Text);

    /// <summary>
    /// The caption's content inside the pipes, trimmed, as raw offsets. One-sided pipes are stripped too: 001 has a
    /// pull quote whose opening pipe was lost.
    /// </summary>
    public static (int Start, int End) InsidePipes(string raw, SourceLine line)
    {
        var (start, end) = (line.Start, line.End);
        if (raw[start] == '|')
        {
            start++;
        }

        if (end > start && raw[end - 1] == '|')
        {
            end--;
        }

        return WhitespaceNormalizer.Trim(raw, start, end);
    }

    [GeneratedRegex(@"(?:(?:^|[\s\-–(])(?:Photo|Ảnh)\s*:\s*\S.{0,60}|(?:^|\s)Photo\)?)\.?$")]
    private static partial Regex PhotoCredit();
}
