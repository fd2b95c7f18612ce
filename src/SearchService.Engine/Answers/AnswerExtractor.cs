using System.Diagnostics;
using System.Globalization;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Answers;

/// <summary>
/// Extractive question answering that reads the question. It retrieves the top passages, splits them into
/// sentences and scores each by the question's idf-weighted terms it covers (<see cref="SentenceScorer"/>); a
/// sentence that cannot supply the kind of answer asked for (a number for "how many", a date for "when", a name for
/// "who") is not an answer (<see cref="AnswerTypeMatcher"/>). When sources disagree, the newest dated one wins and
/// the others are alternatives (<see cref="CurrentAnswer"/>). Confidence is the measured accuracy of answers scored
/// alike (<see cref="ConfidenceCalibration"/>); below the configured floor there is no answer, and the reason says
/// why. No text is generated: an answer is always a sentence of the corpus, cited to its offsets in the source file.
/// Deterministic: the same index and question give the same answer.
/// </summary>
public sealed class AnswerExtractor(IndexHandle handle, SearchEngine engine, DocumentCatalog catalog, SearchOptions options)
{
    /// <summary>Below this share of the question's weight, a sentence is not taken as an answer.</summary>
    public const double MinimumCoverage = 0.5;

    /// <summary>
    /// Answers from one snapshot of the index: the passages, the idf weights and the raw text the answer's offsets are
    /// mapped onto all come from the same acquired searcher, so a reindex meanwhile cannot shift the offsets.
    /// </summary>
    public AskResponse Ask(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var index = handle.Current;
        return index.Read(searcher => Ask(searcher, index, request, clock, cancellationToken));
    }

    private AskResponse Ask(ServingSearcher searcher, LuceneIndex index, SearchRequest request, Stopwatch clock, CancellationToken cancellationToken)
    {
        var passages = engine.Search(searcher, index, WithAcronyms(searcher, index, request) with { Offset = 0 }, cancellationToken).Results;
        var rawTexts = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? RawText(string documentId) =>
            rawTexts.TryGetValue(documentId, out var raw) ? raw : rawTexts[documentId] = catalog.RawText(searcher, documentId);

        return Answer(request, passages, expected => SentenceScorer.For(index, searcher, request.Query, expected), RawText, options, clock, cancellationToken);
    }

    /// <summary>
    /// The answer among <paramref name="passages"/> (the question's search results, retrieved by the caller: this
    /// node's index, or a cluster's shards), its sentences weighed by <paramref name="scorer"/>'s idf and its offsets
    /// mapped onto <paramref name="rawText"/>, the raw text of the same snapshot the passages come from.
    /// </summary>
    public static AskResponse Answer(
        SearchRequest request,
        IReadOnlyList<SearchHit> passages,
        Func<AnswerType, SentenceScorer> scorer,
        Func<string, string?> rawText,
        SearchOptions options,
        Stopwatch clock,
        CancellationToken cancellationToken)
    {
        var question = QuestionAnalysis.Of(request.Query);
        AskResponse Reply(Answer? answer, string? reason) =>
            new(request.Query, question.IsQuestion, answer, reason, clock.Elapsed.TotalMilliseconds, passages);

        if (!question.IsQuestion)
        {
            return Reply(null, "This reads as a keyword search, not a question: ask a question (who, what, when, how many …) to get an answer.");
        }

        var sentenceScorer = scorer(question.Expected);
        if (!sentenceScorer.HasTerms)
        {
            return Reply(null, "The question has no searchable words.");
        }

        var sentences = passages.SelectMany(hit => SentenceSplitter.Split(hit.Text).Select(span => sentenceScorer.Score(hit, span))).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        var typed = sentences.Where(c => question.Expected == AnswerType.Any || c.Values.Count > 0).ToList();
        var best = typed.OrderByDescending(c => c.Score).ThenBy(c => c.Hit.Rank).ThenBy(c => c.Span.Start).FirstOrDefault();
        if (best is null)
        {
            return Reply(null, sentences.Count == 0 ? "No passage matches the question." : $"No sentence in the top passages states {Describe(question.Expected)} that answers this.");
        }

        if (best.Coverage < MinimumCoverage)
        {
            return Reply(null, $"No sentence in the corpus answers this: the closest covers {Percent(best.Coverage)} of the question's terms.");
        }

        var (chosen, alternatives) = CurrentAnswer.Choose(best, typed);
        // The coverage as reported (3 decimals) picks the bucket, so a client can look the confidence up itself.
        var coverage = Math.Round(chosen.Coverage, 3);
        var confidence = ConfidenceCalibration.Confidence(coverage);
        var floor = options.Answers.MinConfidence;
        if (confidence < floor)
        {
            return Reply(null, $"Not sure enough to answer: answers scored like the best sentence are right {Percent(confidence)} of the time, below the {Percent(floor)} floor.");
        }

        return Reply(ToAnswer(chosen, coverage, confidence, alternatives, rawText), null);
    }

    /// <summary>The question searched with the acronyms it spells out, so "free trade agreements" also finds "17 signed FTAs".</summary>
    private static SearchRequest WithAcronyms(ServingSearcher searcher, LuceneIndex index, SearchRequest request)
    {
        var acronyms = request.Syntax == QuerySyntax.Plain ? SentenceScorer.SpelledOutAcronyms(index, searcher, request.Query) : [];
        return acronyms.Count == 0 ? request : request with { Query = request.Query + " " + string.Join(' ', acronyms) };
    }

    private static Answer ToAnswer(
        SentenceCandidate chosen, double coverage, double confidence, IReadOnlyList<SentenceCandidate> alternatives, Func<string, string?> rawText)
    {
        var (charStart, charEnd) = SourceSpan(chosen, rawText);
        return new Answer(
            chosen.Text, chosen.Hit.PassageId, confidence, chosen.Span.Start, chosen.Span.End, charStart, charEnd, chosen.Hit.Citation,
            alternatives.Select(a => ToAlternative(a, rawText)).ToList(), coverage);
    }

    private static AnswerAlternative ToAlternative(SentenceCandidate candidate, Func<string, string?> rawText)
    {
        var (charStart, charEnd) = SourceSpan(candidate, rawText);
        return new AnswerAlternative(candidate.Text, candidate.Hit.PassageId, candidate.Published, candidate.Span.Start, candidate.Span.End, charStart, charEnd, candidate.Hit.Citation);
    }

    /// <summary>The sentence's offsets in the raw source file (the passage text is whitespace-normalized).</summary>
    private static (int Start, int End) SourceSpan(SentenceCandidate candidate, Func<string, string?> rawText)
    {
        var hit = candidate.Hit;
        var raw = rawText(hit.Citation.DocumentId);
        return raw is null
            ? (hit.Citation.CharStart, hit.Citation.CharEnd)
            : (SourceOffsets.ToRaw(raw, hit.Citation.CharStart, hit.Text, candidate.Span.Start),
               SourceOffsets.ToRaw(raw, hit.Citation.CharStart, hit.Text, candidate.Span.End));
    }

    private static string Describe(AnswerType type) => type switch
    {
        AnswerType.Number => "a number",
        AnswerType.Date => "a date",
        AnswerType.Person => "a person's name",
        AnswerType.Place => "a place",
        _ => "anything",
    };

    private static string Percent(double share) => (share * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";
}
