namespace SearchService.Engine.Ingestion;

/// <summary>
/// Typographic facts about a normalized line. Scraped articles carry no markup, so punctuation and length are the only
/// evidence of whether a line is a heading, a caption or prose.
/// </summary>
internal static class LineShape
{
    /// <summary>Closing quotes and brackets are looked through: <c>...income"?</c> and <c>...end."</c> both end a sentence.</summary>
    private const string ClosingMarks = "\"'”’»)]";

    private const string SentenceEnders = ".!?…";

    public static bool IsPiped(string text) => text.StartsWith('|') || text.EndsWith('|');

    public static bool EndsSentence(string text) => SentenceEnders.Contains(LastMeaningfulChar(text));

    public static bool EndsWithQuestionMark(string text) => LastMeaningfulChar(text) == '?';

    /// <summary>True when the line ends like the first half of something: a list intro, a clause, a label.</summary>
    public static bool EndsIncomplete(string text) => ":;,".Contains(LastMeaningfulChar(text));

    /// <summary>Headings and headlines start like a title: a capital, a digit or an opening quote.</summary>
    public static bool StartsLikeTitle(string text) =>
        text.Length > 0 && (char.IsUpper(text[0]) || char.IsDigit(text[0]) || "\"'“‘«".Contains(text[0]));

    /// <summary>A sentence break inside the line (". Next") means it is prose, not a label.</summary>
    public static bool HasInnerSentenceBreak(string text)
    {
        for (var i = 0; i + 2 < text.Length; i++)
        {
            if (SentenceEnders.Contains(text[i]) && text[i + 1] == ' ' && char.IsUpper(text[i + 2]))
            {
                return true;
            }
        }

        return false;
    }

    private static char LastMeaningfulChar(string text)
    {
        var end = text.Length;
        while (end > 0 && ClosingMarks.Contains(text[end - 1]))
        {
            end--;
        }

        return end == 0 ? '\0' : text[end - 1];
    }
}
