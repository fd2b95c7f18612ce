using System.Text.RegularExpressions;
using SearchService.Engine.Answers;
using SearchService.Evaluation;

namespace SearchService.UnitTests.Answers;

/// <summary>The answer test sets are valid data: every accepted and older span is verbatim source text.</summary>
public sealed partial class AnswerSetFileTests
{
    private static readonly Lazy<string> Corpus = new(() =>
        string.Join(' ', SeedCorpus.All.Select(id => Whitespace().Replace(SeedCorpus.Load(id), " "))));

    public static TheoryData<string> Files => new() { "answers.jsonl", "answers-fresh.jsonl" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_accepted_and_older_span_is_exact_text_of_a_seed_article(string file)
    {
        var questions = AnswerSet.Load(Path.Combine(SeedCorpus.RepoRoot, "eval", "answers", file));

        var missing = questions.SelectMany(q => q.Answers.Concat(q.Older).Where(span => !Corpus.Value.Contains(span, StringComparison.Ordinal)).Select(span => $"{q.Id}: {span}")).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void The_answer_set_has_at_least_40_questions_10_unanswerable_and_questions_whose_answer_changed()
    {
        var questions = AnswerSet.Load(AnswerSet.DefaultPath(SeedCorpus.RepoRoot));

        Assert.True(questions.Count >= 40);
        Assert.True(questions.Count(q => !q.Answerable) >= 10);
        Assert.True(questions.Count(q => q.ChangedOverTime) >= 3);
    }

    [Fact]
    public void Calibration_buckets_are_ordered_and_confidence_never_claims_certainty()
    {
        var froms = ConfidenceCalibration.Buckets.Select(b => b.From).ToList();

        Assert.Equal(froms.OrderDescending(), froms);
        Assert.All(ConfidenceCalibration.Buckets, b => Assert.InRange(b.Accuracy, 0, CalibrationCounts.Cap));
        Assert.True(ConfidenceCalibration.Confidence(1.0) >= ConfidenceCalibration.Confidence(0.55));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
