using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SearchService.Engine.Answers;

/// <summary>
/// Whether a sentence can supply the answer type a question expects, and the value it would supply (the figure,
/// date or name), so that two sentences answering the same question can be told to agree or disagree. Values
/// already in the question ("in 2024", "first 11 months") do not count: they are what was asked about, not the answer.
/// </summary>
public static partial class AnswerTypeMatcher
{
    /// <summary>Capitalized words that name roles, bodies or the country itself rather than a person or place.</summary>
    private static readonly HashSet<string> NonNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "in", "on", "at", "by", "of", "and", "for", "with", "from", "to", "as", "this", "that", "these", "it", "we", "our", "he", "she", "they",
        "his", "her", "their", "its", "i", "you", "if", "but", "so", "since", "after", "before", "during", "when", "while", "although", "however", "also",
        "first", "firstly", "second", "secondly", "third", "thirdly", "fourth", "fifth", "sixth", "finally", "moreover", "besides", "accordingly", "simultaneously", "notably",
        "minister", "deputy", "prime", "foreign", "affairs", "secretary", "general", "president", "vice", "party", "state", "ministry", "national",
        "conference", "congress", "central", "committee", "communist", "permanent", "director", "department", "ambassador", "ambassadors", "head", "heads",
        "office", "offices", "government", "politburo", "secretariat", "assembly", "council", "resolution", "member", "alternate", "chairman", "photo", "source",
        "vietnam", "vietnamese", "viet", "việt", "nam", "comprehensive", "strategic", "partnership", "diplomatic", "diplomacy", "external", "international",
        "united", "nations", "un", "asean", "apec", "unesco", "fdi", "oda", "fta", "ftas", "covid", "east", "sea", "fatherland", "uncle", "era", "country",
        "english", "comment", "mr", "mrs", "ms", "dr", "prof", "gen", "no", "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "tet", "summit", "forum", "sector", "industry", "service", "representative",
    };

    /// <summary>Common Vietnamese family names (accent-folded): a capitalized run starting with one is a person's name.</summary>
    private static readonly HashSet<string> VietnameseSurnames = new(StringComparer.OrdinalIgnoreCase)
    {
        "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho", "ngo", "duong", "ly", "to", "dinh", "truong",
        "luong", "mai", "trinh", "doan", "lam", "cao", "ha", "chu", "ta", "quach", "lai", "thai", "ton",
    };

    /// <summary>Titles after which a capitalized run is a person ("US President Joe Biden", "Secretary-General Antonio Guterres").</summary>
    private static readonly HashSet<string> Titles = new(StringComparer.OrdinalIgnoreCase)
    {
        "president", "minister", "secretary-general", "secretary", "ambassador", "director", "chairman", "chairwoman", "king", "queen", "mr", "mrs", "ms", "dr",
        "prof", "premier", "chancellor", "leader",
    };

    /// <summary>The values of <paramref name="type"/> in the sentence that are not in the question; empty: it cannot answer.</summary>
    public static IReadOnlyList<string> Values(AnswerType type, string sentence, string question) => type switch
    {
        AnswerType.Number => Numbers(sentence).Except(Numbers(question), StringComparer.OrdinalIgnoreCase).ToList(),
        AnswerType.Date => Dates(sentence).Except(Dates(question), StringComparer.OrdinalIgnoreCase).ToList(),
        AnswerType.Person => People(sentence).Where(p => !Fold(question).Contains(Fold(p), StringComparison.OrdinalIgnoreCase)).ToList(),
        AnswerType.Place => Names(sentence).Where(p => !Fold(question).Contains(Fold(p), StringComparison.OrdinalIgnoreCase)).ToList(),
        _ => [],
    };

    public static bool CanAnswer(AnswerType type, string sentence, string question) =>
        type == AnswerType.Any || Values(type, sentence, question).Count > 0;

    /// <summary>Counts and amounts: numerals (not years or ordinals) and number words, normalized ("six" → "6").</summary>
    private static IEnumerable<string> Numbers(string text)
    {
        foreach (Match m in Numeral().Matches(text))
        {
            var value = m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal);
            if (IsYear(value) && !m.Groups["unit"].Success)
            {
                continue;
            }

            yield return value;
        }

        foreach (Match m in NumberWord().Matches(text))
        {
            yield return NumberWords.TryGetValue(m.Value.ToLowerInvariant(), out var digit) ? digit : m.Value.ToLowerInvariant();
        }
    }

    private static IEnumerable<string> Dates(string text)
    {
        foreach (Match m in DatePattern().Matches(text))
        {
            yield return m.Value;
        }
    }

    private static IEnumerable<string> People(string text)
    {
        foreach (var (words, afterTitle) in CapitalizedRuns(text))
        {
            // A family name followed by given names ("Bui Thanh Son", "To Lam"), anywhere in the run.
            var surname = Enumerable.Range(0, words.Count).FirstOrDefault(i => VietnameseSurnames.Contains(Fold(words[i])) && i + 1 < words.Count, -1);
            if (surname >= 0 && words.Skip(surname + 1).Take(3).All(w => !NonNames.Contains(w)))
            {
                yield return string.Join(' ', words.Skip(surname).Take(4));
            }
            else if (afterTitle && words.Count >= 2 && words.All(w => !NonNames.Contains(w)))
            {
                yield return string.Join(' ', words);
            }
        }
    }

    private static IEnumerable<string> Names(string text) =>
        CapitalizedRuns(text).SelectMany(r => r.Words).Where(w => !NonNames.Contains(w) && w.Length > 2).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Runs of capitalized words, and whether a title ("President", "Secretary-General") directly precedes each; a
    /// title followed by a capitalized word ends the run before it, so "US President Joe Biden" yields "Joe Biden".
    /// </summary>
    private static List<(IReadOnlyList<string> Words, bool AfterTitle)> CapitalizedRuns(string text)
    {
        var tokens = Word().Matches(text).Select(m => m.Value).ToList();
        var runs = new List<(IReadOnlyList<string>, bool)>();
        var run = new List<string>();
        var afterTitle = false;
        void Flush()
        {
            if (run.Count > 0)
            {
                runs.Add((run.ToList(), afterTitle));
                run.Clear();
            }

            afterTitle = false;
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!IsCapitalized(token))
            {
                Flush();
                continue;
            }

            if (Titles.Contains(token) && i + 1 < tokens.Count && IsCapitalized(tokens[i + 1]))
            {
                Flush();
                afterTitle = true;
                continue;
            }

            run.Add(token);
        }

        Flush();
        return runs;
    }

    private static bool IsCapitalized(string token) => token.Length > 0 && char.IsUpper(token[0]);

    private static bool IsYear(string value) => value.Length == 4 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2100;

    /// <summary>Strips diacritics (and đ → d) so "Bùi Thanh Sơn" matches "Bui Thanh Son".</summary>
    public static string Fold(string text)
    {
        // Text with a lone surrogate cannot be normalized; it is compared as it is.
        var replaced = text.Replace('đ', 'd').Replace('Đ', 'D');
        if (!IsWellFormed(replaced))
        {
            return replaced;
        }

        var decomposed = replaced.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly Dictionary<string, string> NumberWords = new(StringComparer.Ordinal)
    {
        ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6", ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["ten"] = "10",
        ["eleven"] = "11", ["twelve"] = "12", ["twenty"] = "20", ["thirty"] = "30", ["forty"] = "40", ["fifty"] = "50", ["hundred"] = "100",
        ["dozens"] = "dozens", ["hundreds"] = "hundreds", ["thousands"] = "thousands", ["millions"] = "millions",
    };

    // A numeral that is not part of an ordinal ("13th") or a fraction-like code; a following unit word keeps years
    // such as "2025 events" out only when no unit follows.
    [GeneratedRegex(@"(?<![\w.,/])(?<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\d|st\b|nd\b|rd\b|th\b|-\d)(?:/\d+)?(?<unit>\s*(?:%|per ?cent|million|billion|thousand|USD|countries|years))?")]
    private static partial Regex Numeral();

    [GeneratedRegex(@"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|dozens|hundreds|thousands|millions)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberWord();

    [GeneratedRegex(@"\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{1,2}(?:,\s*\d{4})?|\s+\d{4})?|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{4})?|(?:19|20)\d\d(?:-(?:19|20)\d\d)?|\d{1,2}/\d{1,2}/\d{4})\b")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"[\p{L}][\p{L}\p{M}'’\-]*")]
    private static partial Regex Word();
}
