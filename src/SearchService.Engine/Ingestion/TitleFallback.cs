namespace SearchService.Engine.Ingestion;

/// <summary>
/// Derives a title for articles that have no headline line (000 and 001 open with a photo caption). The first sentence
/// of the first paragraph is the closest thing to a headline such articles have.
/// </summary>
internal static class TitleFallback
{
    /// <summary>Long enough to be distinctive in a result list, short enough to fit on one line.</summary>
    public const int MaxLength = 90;

    private const string Ellipsis = "…";

    public static string FromParagraph(string paragraph) => Shorten(FirstSentence(paragraph));

    /// <summary>Ends at the first '.', '!', '?' or '…' that is followed by a space and a capital, or by the end.</summary>
    private static string FirstSentence(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!".!?…".Contains(text[i]))
            {
                continue;
            }

            var atEnd = i + 1 == text.Length;
            var beforeNextSentence = i + 2 < text.Length && text[i + 1] == ' ' && char.IsUpper(text[i + 2]);
            if (atEnd || beforeNextSentence)
            {
                return text[..(i + 1)];
            }
        }

        return text;
    }

    /// <summary>Cuts at a word boundary so the title never ends in half a word, and marks the cut.</summary>
    private static string Shorten(string sentence)
    {
        if (sentence.Length <= MaxLength)
        {
            return sentence;
        }

        var limit = MaxLength - Ellipsis.Length;
        var cut = sentence.LastIndexOf(' ', limit);
        var head = cut > 0 ? sentence[..cut] : sentence[..limit];
        return head.TrimEnd(',', ';', ':', ' ', '-', '–') + Ellipsis;
    }
}
