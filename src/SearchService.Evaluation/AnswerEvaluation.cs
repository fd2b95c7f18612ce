using SearchService.Engine.Answers;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Retrieval;

using SearchService.Engine;

namespace SearchService.Evaluation;

/// <summary>What the service replied to one question of the answer set, and how it was judged.</summary>
/// <param name="Exact">The answer is a whole corpus sentence that contains an accepted span.</param>
/// <param name="SpanCorrect">The answer sentence contains an accepted span (for a "changed" question: the newest one).</param>
/// <param name="OlderListed">Changed-over-time questions: every older figure is among the alternatives.</param>
public sealed record AnswerJudgment(
    AnswerQuestion Question, string? Answer, double? Confidence, double? Coverage, string? Reason, bool IsQuestion, IReadOnlyList<string> Alternatives,
    bool Exact, bool SpanCorrect, bool OlderListed)
{
    public bool Answered => Answer is not null;

    /// <summary>Right in the way that matters to a reader: a correct answer, or no answer when there is none.</summary>
    public bool Right => Question.Answerable ? SpanCorrect : !Answered;
}

/// <summary>
/// Runs the answer test set through the service's own <see cref="AnswerExtractor"/> over a throwaway index of the
/// given documents and judges every reply.
/// </summary>
public static class AnswerEvaluation
{
    /// <summary>Asks every question over a throwaway index of the seed articles in <paramref name="seedsPath"/>.</summary>
    public static AnswerReport Run(IReadOnlyList<AnswerQuestion> questions, string seedsPath, SearchOptions options, IProgress<int>? progress = null)
    {
        var documents = SeedDocuments.Read(seedsPath);
        using var index = EvaluationIndex.Build(documents, options);
        var extractor = new AnswerExtractor(index.Handle, index.Engine, new DocumentCatalog(index.Handle, new IndexStatus()), options);
        var sentences = documents.SelectMany(d => d.Document.Passages).SelectMany(p => SentenceSplitter.Split(p.Text).Select(s => p.Text[s.Start..s.End])).ToList();
        var judgments = new List<AnswerJudgment>();
        foreach (var question in questions)
        {
            var response = extractor.Ask(new SearchRequest(question.Question, AskDefaults.Passages));
            judgments.Add(Judge(question, response, sentences));
            progress?.Report(judgments.Count);
        }

        return new AnswerReport(judgments);
    }

    public static AnswerJudgment Judge(AnswerQuestion question, AskResponse response, IReadOnlyList<string> corpusSentences)
    {
        var answer = response.Answer;
        var alternatives = answer?.Alternatives.Select(a => a.Text).ToList() ?? [];
        var text = answer?.Text;
        var span = text is not null && question.Answers.Any(s => text.Contains(s, StringComparison.Ordinal));
        var exact = span && corpusSentences.Contains(text!, StringComparer.Ordinal);
        var olderListed = question.Older.All(old => alternatives.Any(a => a.Contains(old, StringComparison.Ordinal)));
        return new AnswerJudgment(question, text, answer?.Confidence, answer?.Coverage, response.Reason, response.IsQuestion, alternatives, exact, span, olderListed);
    }
}
