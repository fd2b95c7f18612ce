using System.Text.RegularExpressions;

namespace SearchService.Engine.Answers;

/// <summary>A sentence of a passage: UTF-16 offsets into the passage text, end exclusive.</summary>
public readonly record struct SentenceSpan(int Start, int End);

/// <summary>
/// Splits passage text into sentences at '.', '!' or '?' (optionally followed by a closing quote or bracket) that
/// are followed by white space and an upper-case letter, digit or opening quote; abbreviations ("Dr.", "U.S.",
/// "No. 5") and decimals ("6.5") do not end a sentence.
/// </summary>
public static partial class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "u.n", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "col", "lt", "sr", "jr", "inc", "ltd", "co",
    };

    public static IReadOnlyList<SentenceSpan> Split(string text)
    {
        var sentences = new List<SentenceSpan>();
        var start = SkipSpace(text, 0);
        foreach (Match boundary in Boundary().Matches(text))
        {
            var end = boundary.Index + boundary.Groups["end"].Length;
            if (end <= start || IsAbbreviation(text, start, boundary.Index))
            {
                continue;
            }

            sentences.Add(new SentenceSpan(start, end));
            start = SkipSpace(text, end);
        }

        var last = TrimEnd(text, text.Length);
        if (last > start)
        {
            sentences.Add(new SentenceSpan(start, last));
        }

        return sentences;
    }

    private static bool IsAbbreviation(string text, int sentenceStart, int periodIndex)
    {
        if (text[periodIndex] != '.')
        {
            return false;
        }

        var wordStart = periodIndex;
        while (wordStart > sentenceStart && !char.IsWhiteSpace(text[wordStart - 1]))
        {
            wordStart--;
        }

        var word = text[wordStart..periodIndex].TrimStart('(', '"', '“', '\'');
        return Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0]));
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static int TrimEnd(string text, int end)
    {
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }

    [GeneratedRegex("""(?<end>[.!?]+["”’')\]]*)(?=\s+["“‘(]?[\p{Lu}\p{N}])""")]
    private static partial Regex Boundary();
}
