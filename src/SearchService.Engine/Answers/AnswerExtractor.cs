using System.Diagnostics;
using System.Text.RegularExpressions;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Answers;

/// <summary>
/// Extractive question answering: retrieves the top passages, splits them into sentences and picks the sentence
/// that covers most of the question's (idf-weighted) terms, preferring sentences of the kind the question asks for
/// (a number for "how many", a year for "when") and passages ranked higher. No text is generated: an answer is
/// always a sentence of the corpus, cited to its offsets in the source file. When the best sentence covers too
/// little of the question, there is no answer, and the reason says so.
/// </summary>
public sealed partial class AnswerExtractor(IndexHandle handle, SearchEngine engine, DocumentCatalog catalog)
{
    /// <summary>Below this share of the question's weight, a sentence is not taken as an answer.</summary>
    public const double MinimumCoverage = 0.5;

    public AskResponse Ask(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var search = engine.Search(request with { Offset = 0 }, cancellationToken);
        var passages = search.Results;
        var index = handle.Current;
        var weights = TermWeights(index, request.Query);
        if (weights.Count == 0)
        {
            return new AskResponse(request.Query, null, "The question has no searchable words.", clock.Elapsed.TotalMilliseconds, passages);
        }

        var scored = passages
            .SelectMany(hit => SentenceSplitter.Split(hit.Text).Select(sentence => Score(index, hit, sentence, weights, request.Query)))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Hit.Rank)
            .ToList();
        var best = WithEncoder(index, request.Query, scored)
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Hit.Rank)
            .FirstOrDefault();
        if (best is null || best.Coverage < MinimumCoverage)
        {
            var reason = best is null
                ? "No passage matches the question."
                : $"No sentence in the corpus answers this: the closest covers {best.Coverage * 100:F0}% of the question's terms.";
            return new AskResponse(request.Query, null, reason, clock.Elapsed.TotalMilliseconds, passages);
        }

        return new AskResponse(request.Query, ToAnswer(best), null, clock.Elapsed.TotalMilliseconds, passages);
    }

    private Answer ToAnswer(SentenceCandidate best)
    {
        var hit = best.Hit;
        var raw = catalog.Get(hit.Citation.DocumentId)?.RawText;
        var (charStart, charEnd) = raw is null
            ? (hit.Citation.CharStart, hit.Citation.CharEnd)
            : (SourceOffsets.ToRaw(raw, hit.Citation.CharStart, hit.Text, best.Sentence.Start),
               SourceOffsets.ToRaw(raw, hit.Citation.CharStart, hit.Text, best.Sentence.End));
        var text = hit.Text[best.Sentence.Start..best.Sentence.End];
        return new Answer(text, hit.PassageId, Math.Round(best.Confidence, 3), best.Sentence.Start, best.Sentence.End, charStart, charEnd, hit.Citation);
    }

    /// <summary>Each analyzed question term with its idf in the passage text field: rare words count more.</summary>
    private static Dictionary<string, double> TermWeights(LuceneIndex index, string question)
    {
        var terms = TokenStreamReader.Tokens(index.Analyzer, IndexFields.Text, question).Select(t => t.Term).ToList();
        return index.Read(searcher => ExactLengthBm25Similarity.Idf(searcher.IndexReader, IndexFields.Text, terms));
    }

    private static SentenceCandidate Score(LuceneIndex index, SearchHit hit, SentenceSpan sentence, Dictionary<string, double> weights, string question)
    {
        var text = hit.Text[sentence.Start..sentence.End];
        var present = TokenStreamReader.Tokens(index.Analyzer, IndexFields.Text, text).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
        var total = weights.Values.Sum();
        var coverage = total <= 0 ? 0 : weights.Where(w => present.Contains(w.Key)).Sum(w => w.Value) / total;
        var typeMatch = ExpectedKind(question) switch
        {
            AnswerKind.Number => Number().IsMatch(text),
            AnswerKind.Year => Year().IsMatch(text),
            _ => true,
        };

        // Coverage decides; the answer type and the passage's rank break near-ties.
        var confidence = coverage * (typeMatch ? 1.0 : 0.6);
        var score = confidence + (0.05 / hit.Rank);
        return new SentenceCandidate(hit, sentence, coverage, confidence, score);
    }

    /// <summary>
    /// Adds the sentence encoder's cosine of each leading sentence with the question to its score: term coverage
    /// decides whether there is an answer, meaning helps pick it among sentences that cover the question alike.
    /// Only the best <see cref="EncodedSentences"/> by coverage are embedded (embedding costs milliseconds each).
    /// </summary>
    private static IEnumerable<SentenceCandidate> WithEncoder(LuceneIndex index, string question, List<SentenceCandidate> scored)
    {
        var encoded = index.Read(searcher => searcher.Encoded);
        if (encoded is not { IsComplete: true } || scored.Count == 0)
        {
            return scored;
        }

        var leading = scored.Take(EncodedSentences).ToList();
        var query = encoded.EmbedQuery(question);
        var vectors = encoded.Encoder.EmbedPassages(leading.Select(c => c.Hit.Text[c.Sentence.Start..c.Sentence.End]).ToList());
        return leading
            .Select((c, i) => c with { Score = c.Score + (EncoderWeight * System.Numerics.Tensors.TensorPrimitives.Dot(query, vectors.Row(i))) })
            .Concat(scored.Skip(EncodedSentences));
    }

    /// <summary>How much the encoder cosine (in [-1, 1]) counts beside coverage (in [0, 1]).</summary>
    private const double EncoderWeight = 0.25;

    private const int EncodedSentences = 16;

    private static AnswerKind ExpectedKind(string question)
    {
        var q = question.TrimStart().ToLowerInvariant();
        if (q.StartsWith("how many", StringComparison.Ordinal) || q.StartsWith("how much", StringComparison.Ordinal) || q.Contains("number of", StringComparison.Ordinal))
        {
            return AnswerKind.Number;
        }

        return q.StartsWith("when", StringComparison.Ordinal) || q.StartsWith("what year", StringComparison.Ordinal) ? AnswerKind.Year : AnswerKind.Any;
    }

    [GeneratedRegex(@"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Number();

    [GeneratedRegex(@"\b(1[89]|20)\d\d\b")]
    private static partial Regex Year();

    private enum AnswerKind
    {
        Any,
        Number,
        Year,
    }

    private sealed record SentenceCandidate(SearchHit Hit, SentenceSpan Sentence, double Coverage, double Confidence, double Score);
}
