using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ranking;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Answers;

/// <summary>A sentence of a retrieved passage, scored against the question.</summary>
/// <param name="Coverage">Share of the question's idf-weighted terms the sentence contains, 0..1.</param>
/// <param name="Values">The figures, dates or names of the expected type it states (empty for <see cref="AnswerType.Any"/>).</param>
/// <param name="Score">Coverage plus a small preference for higher-ranked passages; orders candidates.</param>
public sealed record SentenceCandidate(SearchHit Hit, SentenceSpan Span, string Text, double Coverage, IReadOnlyList<string> Values, double Score)
{
    public DateTime? Published => Hit.Citation.Published;
}

/// <summary>
/// Scores sentences by how much of the question they cover: every analyzed question term (question words such as
/// "how many" excluded) weighs its idf, so rare words count more. A term also counts as covered when the sentence
/// abbreviates it ("free trade agreements" ↔ "FTAs") or states a longer form of the same word ("Africa" ↔
/// "African").
/// </summary>
public sealed partial class SentenceScorer
{
    /// <summary>Words that frame a question rather than say what it is about.</summary>
    private const string FrameWords = "how many much what which who whom whose when where why does did do is are was were has have had now currently current today among amongst besides according within via";

    /// <summary>
    /// Verbs that carry little of what a question is about ("how did diplomacy help Vietnam get vaccines"): an answer
    /// rarely repeats them, so they weigh <see cref="LightWeight"/> of their idf.
    /// </summary>
    private const string LightVerbs = "get gets got make makes made take takes took give gives gave help helps helped hold holds held use uses used go goes went come comes came keep keeps kept describe describes described call calls called mean means meant know known play plays played serve serves served";

    /// <summary>Share of its idf a light verb, or the noun after "what"/"which" (the answer's type, "which session"), weighs.</summary>
    private const double LightWeight = 0.3;

    /// <summary>Passages further down still count, but a tie goes to the passage retrieval ranked higher.</summary>
    private const double RankPreference = 0.02;

    /// <summary>Among sentences covering the question alike, the one stating its value next to the question's words wins.</summary>
    private const double ProximityPreference = 0.04;

    private readonly Analyzer _analyzer;
    private readonly string _question;
    private readonly AnswerType _expected;
    private readonly Dictionary<string, double> _weights;
    private readonly double _totalWeight;
    private readonly IReadOnlyList<string> _questionWords;
    private readonly IReadOnlyList<IReadOnlyList<string>> _namedPhrases;

    private SentenceScorer(Analyzer analyzer, string question, AnswerType expected, Dictionary<string, double> weights, IReadOnlyList<IReadOnlyList<string>> namedPhrases)
    {
        _analyzer = analyzer;
        _question = question;
        _expected = expected;
        _weights = weights;
        _totalWeight = weights.Values.Sum();
        _questionWords = Word().Matches(question).Select(m => m.Value).ToList();
        _namedPhrases = namedPhrases;
    }

    /// <summary>The question's terms with their weights, for explaining a score.</summary>
    public IReadOnlyDictionary<string, double> Weights => _weights;

    public bool HasTerms => _weights.Count > 0 && _totalWeight > 0;

    /// <summary>A scorer for <paramref name="question"/> with idf weights from <paramref name="index"/>.</summary>
    public static SentenceScorer For(LuceneIndex index, string question, AnswerType expected) =>
        index.Read(searcher => For(index, searcher, question, expected));

    /// <summary>As <see cref="For(LuceneIndex, string, AnswerType)"/>, on a searcher of <paramref name="index"/> the caller holds.</summary>
    public static SentenceScorer For(LuceneIndex index, Lucene.Net.Search.IndexSearcher searcher, string question, AnswerType expected) =>
        For(index.Analyzer, question, expected, terms => ExactLengthBm25Similarity.Idf(searcher.IndexReader, IndexFields.Text, terms));

    /// <summary>
    /// As <see cref="For(LuceneIndex, string, AnswerType)"/> with the idf of the <see cref="QuestionTerms"/> in the text
    /// field from <paramref name="idf"/>: a cluster computes it from the sum of its shards' statistics.
    /// </summary>
    public static SentenceScorer For(Analyzer analyzer, string question, AnswerType expected, Func<IReadOnlyList<string>, Dictionary<string, double>> idf)
    {
        var weights = idf(QuestionTerms(analyzer, question));
        var light = Terms(analyzer, LightVerbs).Concat(Terms(analyzer, WhHead().Match(question).Groups["noun"].Value)).ToHashSet(StringComparer.Ordinal);
        foreach (var term in light.Where(weights.ContainsKey))
        {
            weights[term] *= LightWeight;
        }

        return new SentenceScorer(analyzer, question, expected, weights, NamedPhrases(analyzer, question));
    }

    /// <summary>The analyzed terms of the question that weigh in a sentence's score (its frame words left out).</summary>
    public static IReadOnlyList<string> QuestionTerms(Analyzer analyzer, string question)
    {
        var frame = Terms(analyzer, FrameWords).ToHashSet(StringComparer.Ordinal);
        return Terms(analyzer, question).Where(t => !frame.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Multi-word names in the question ("World Trade Organization", "National Conference"): runs of capitalized
    /// words after the first word, as analyzed terms. A name counts only where the sentence has it whole, so a
    /// sentence with "world", "trade" and "organizations" scattered about does not cover it.
    /// </summary>
    private static IReadOnlyList<IReadOnlyList<string>> NamedPhrases(Analyzer analyzer, string question)
    {
        var phrases = new List<IReadOnlyList<string>>();
        // A possessive ends a name ("Vietnam's Minister of Foreign Affairs" is two names), and acronyms are matched
        // on their own (Abbreviated), so "UN Security Council" needs only "Security Council" whole.
        var segments = NameRun().Matches(question)
            .SelectMany(run => Possessive().Split(run.Value))
            .Select(segment => string.Join(' ', segment.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !Acronym().IsMatch(w))));
        foreach (var segment in segments)
        {
            var terms = Terms(analyzer, segment).ToList();
            if (terms.Count >= 2)
            {
                phrases.Add(terms);
            }
        }

        return phrases;
    }

    public SentenceCandidate Score(SearchHit hit, SentenceSpan span)
    {
        var text = hit.Text[span.Start..span.End];
        var tokens = TokenStreamReader.Tokens(_analyzer, IndexFields.Text, text);
        var sequence = tokens.Select(t => t.Term).ToList();
        var present = sequence.ToHashSet(StringComparer.Ordinal);
        present.UnionWith(Abbreviated(text));
        if (hit.Citation.Published is { } published)
        {
            // A year in the question ("by the 2021 interview") is met by a source published that year.
            present.Add(published.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var phrase in _namedPhrases.Where(p => !ContainsRun(sequence, p)))
        {
            present.ExceptWith(phrase);
        }

        var covered = _weights.Where(w => present.Contains(w.Key) || present.Any(p => SameWord(p, w.Key))).Sum(w => w.Value);
        var coverage = _totalWeight <= 0 ? 0 : covered / _totalWeight;
        var values = AnswerTypeMatcher.Values(_expected, text, _question);
        var score = coverage + (RankPreference / hit.Rank) + (ProximityPreference * Proximity(text, tokens, values));
        return new SentenceCandidate(hit, span, text, coverage, values, score);
    }

    /// <summary>1 when a stated value sits right next to a question term, falling towards 0 as they are words apart.</summary>
    private double Proximity(string text, IReadOnlyList<AnalyzedToken> tokens, IReadOnlyList<string> values)
    {
        var termOffsets = tokens.Where(t => _weights.ContainsKey(t.Term)).Select(t => (t.Start + t.End) / 2).ToList();
        var valueOffsets = values.Select(v => text.IndexOf(v, StringComparison.Ordinal)).Where(i => i >= 0).ToList();
        if (termOffsets.Count == 0 || valueOffsets.Count == 0)
        {
            return 0;
        }

        // About six characters a word.
        var words = valueOffsets.Min(v => termOffsets.Min(t => Math.Abs(t - v))) / 6.0;
        return 1 / (1 + (words / 3));
    }

    private static bool ContainsRun(List<string> sequence, IReadOnlyList<string> run)
    {
        for (var i = 0; i + run.Count <= sequence.Count; i++)
        {
            if (run.Select((term, j) => sequence[i + j] == term).All(same => same))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Acronyms the question spells out that the corpus uses ("free trade agreements" → "FTAs"): initials of 2-5
    /// consecutive question words that are an indexed term. Searching with them finds passages that only abbreviate.
    /// </summary>
    public static IReadOnlyList<string> SpelledOutAcronyms(LuceneIndex index, string question) =>
        index.Read(searcher => SpelledOutAcronyms(index, searcher, question));

    /// <summary>As <see cref="SpelledOutAcronyms(LuceneIndex, string)"/>, on a searcher of <paramref name="index"/> the caller holds.</summary>
    public static IReadOnlyList<string> SpelledOutAcronyms(LuceneIndex index, Lucene.Net.Search.IndexSearcher searcher, string question) =>
        AcronymCandidates(index.Analyzer, question)
            .Where(c => searcher.IndexReader.DocFreq(new Lucene.Net.Index.Term(IndexFields.Text, c.Term)) > 0)
            .Select(c => c.Acronym)
            .ToList();

    /// <summary>
    /// The acronyms the question could spell out, each with its analyzed term, in ordinal order; those whose term is
    /// indexed (docFreq &gt; 0 in the text field, summed over a cluster's shards) are <see cref="SpelledOutAcronyms(LuceneIndex, string)"/>.
    /// </summary>
    public static IReadOnlyList<(string Acronym, string Term)> AcronymCandidates(Analyzer analyzer, string question)
    {
        var words = Word().Matches(question).Select(m => m.Value).ToList();
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        for (var length = 2; length <= 5; length++)
        {
            for (var i = 0; i + length <= words.Count; i++)
            {
                var initials = words.Skip(i).Take(length).Select(w => w[0]).ToList();
                if (initials.All(char.IsAsciiLetter))
                {
                    candidates.Add(string.Concat(initials.Select(char.ToUpperInvariant)));
                }
            }
        }

        return candidates
            .Where(a => !words.Any(w => string.Equals(w, a, StringComparison.OrdinalIgnoreCase)))
            .Select(a => (Acronym: a, Terms: Terms(analyzer, a).ToList()))
            .Where(a => a.Terms.Count == 1)
            .Select(a => (a.Acronym, Term: a.Terms[0]))
            .OrderBy(a => a.Acronym, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Question terms the sentence states by abbreviation, either way round: an acronym in the sentence whose letters
    /// are the initials of consecutive question words, or an acronym in the question spelled out in the sentence.
    /// </summary>
    private IEnumerable<string> Abbreviated(string sentence)
    {
        var sentenceWords = Word().Matches(sentence).Select(m => m.Value).ToList();
        foreach (var acronym in Acronym().Matches(sentence).Select(m => m.Groups["letters"].Value))
        {
            foreach (var phrase in Phrases(_questionWords, acronym))
            {
                foreach (var term in Terms(_analyzer, phrase))
                {
                    yield return term;
                }
            }
        }

        foreach (var acronym in Acronym().Matches(_question).Select(m => m.Value))
        {
            if (Phrases(sentenceWords, Acronym().Match(acronym).Groups["letters"].Value).Any())
            {
                foreach (var term in Terms(_analyzer, acronym))
                {
                    yield return term;
                }
            }
        }
    }

    /// <summary>Runs of consecutive words whose initials spell <paramref name="letters"/> (case-insensitive).</summary>
    private static IEnumerable<string> Phrases(IReadOnlyList<string> words, string letters)
    {
        for (var i = 0; i + letters.Length <= words.Count; i++)
        {
            var match = true;
            for (var j = 0; j < letters.Length && match; j++)
            {
                match = char.ToLowerInvariant(words[i + j][0]) == char.ToLowerInvariant(letters[j]);
            }

            if (match)
            {
                yield return string.Join(' ', words.Skip(i).Take(letters.Length));
            }
        }
    }

    /// <summary>Stems that one extends the other by a suffix the stemmer keeps ("africa" / "african"), at least five letters shared.</summary>
    private static bool SameWord(string a, string b) =>
        a.Length >= 5 && b.Length >= 5 && a.Length != b.Length && Math.Abs(a.Length - b.Length) <= 2 &&
        (a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal));

    private static IEnumerable<string> Terms(Analyzer analyzer, string text) =>
        TokenStreamReader.Tokens(analyzer, IndexFields.Text, text).Select(t => t.Term);

    [GeneratedRegex(@"^\s*(?:\w+ ){0,2}(?:what|which) (?<noun>\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex WhHead();

    // Two or more capitalized words in a row, not the question's first word.
    [GeneratedRegex(@"(?<=\S\s+)\p{Lu}[\p{L}\p{M}'’\-]*(?:\s+\p{Lu}[\p{L}\p{M}'’\-]*)+")]
    private static partial Regex NameRun();

    [GeneratedRegex(@"(?<=['’]s?)\s+")]
    private static partial Regex Possessive();

    [GeneratedRegex(@"\b(?<letters>[A-Z]{2,6})s?\b")]
    private static partial Regex Acronym();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{M}\p{N}'’\-]*")]
    private static partial Regex Word();
}
