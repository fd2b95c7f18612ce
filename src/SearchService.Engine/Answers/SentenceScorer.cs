using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
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
    private const string FrameWords = "how many much what which who whom whose when where why does did do is are was were has have had now currently current today";

    /// <summary>Passages further down still count, but a tie goes to the passage retrieval ranked higher.</summary>
    private const double RankPreference = 0.02;

    private readonly Analyzer _analyzer;
    private readonly string _question;
    private readonly AnswerType _expected;
    private readonly Dictionary<string, double> _weights;
    private readonly double _totalWeight;
    private readonly IReadOnlyList<string> _questionWords;

    private SentenceScorer(Analyzer analyzer, string question, AnswerType expected, Dictionary<string, double> weights)
    {
        _analyzer = analyzer;
        _question = question;
        _expected = expected;
        _weights = weights;
        _totalWeight = weights.Values.Sum();
        _questionWords = Word().Matches(question).Select(m => m.Value).ToList();
    }

    public bool HasTerms => _weights.Count > 0 && _totalWeight > 0;

    /// <summary>A scorer for <paramref name="question"/> with idf weights from <paramref name="index"/>.</summary>
    public static SentenceScorer For(LuceneIndex index, string question, AnswerType expected)
    {
        var frame = Terms(index.Analyzer, FrameWords).ToHashSet(StringComparer.Ordinal);
        var terms = Terms(index.Analyzer, question).Where(t => !frame.Contains(t)).Distinct(StringComparer.Ordinal).ToList();
        var weights = index.Read(searcher => ExactLengthBm25Similarity.Idf(searcher.IndexReader, IndexFields.Text, terms));
        return new SentenceScorer(index.Analyzer, question, expected, weights);
    }

    public SentenceCandidate Score(SearchHit hit, SentenceSpan span)
    {
        var text = hit.Text[span.Start..span.End];
        var present = Terms(_analyzer, text).ToHashSet(StringComparer.Ordinal);
        present.UnionWith(Abbreviated(text));
        var covered = _weights.Where(w => present.Contains(w.Key) || present.Any(p => SameWord(p, w.Key))).Sum(w => w.Value);
        var coverage = _totalWeight <= 0 ? 0 : covered / _totalWeight;
        var values = AnswerTypeMatcher.Values(_expected, text, _question);
        return new SentenceCandidate(hit, span, text, coverage, values, coverage + (RankPreference / hit.Rank));
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

    [GeneratedRegex(@"\b(?<letters>[A-Z]{2,6})s?\b")]
    private static partial Regex Acronym();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{M}\p{N}'’\-]*")]
    private static partial Regex Word();
}
