using System.Globalization;
using System.Text;

namespace SearchService.Evaluation;

/// <summary>One confidence bucket: how many answers fell in it, how many were right, and their mean confidence.</summary>
public sealed record CalibrationBucket(double From, double To, int Answers, int Right, double MeanConfidence)
{
    public double Accuracy => Answers == 0 ? 0 : (double)Right / Answers;
}

/// <summary>The scores of one run of the answer set, overall and for each half (A: odd lines, B: even lines).</summary>
public sealed record AnswerScores(
    int Questions, int Answerable, int Unanswerable, int Changed,
    int ExactSentence, int SpanCorrect, int AnsweredAnswerable, int Declined, int DeclinedUnanswerable, int ChangedNewest, int ChangedOlderListed)
{
    public double ExactAccuracy => Ratio(ExactSentence, Answerable);

    public double SpanAccuracy => Ratio(SpanCorrect, Answerable);

    /// <summary>Of the questions declined, the share the corpus really cannot answer.</summary>
    public double NoAnswerPrecision => Ratio(DeclinedUnanswerable, Declined);

    /// <summary>Of the questions the corpus cannot answer, the share declined.</summary>
    public double NoAnswerRecall => Ratio(DeclinedUnanswerable, Unanswerable);

    public static AnswerScores Of(IReadOnlyList<AnswerJudgment> judgments)
    {
        var answerable = judgments.Where(j => j.Question.Answerable).ToList();
        var changed = judgments.Where(j => j.Question.ChangedOverTime).ToList();
        return new AnswerScores(
            judgments.Count, answerable.Count, judgments.Count - answerable.Count, changed.Count,
            answerable.Count(j => j.Exact), answerable.Count(j => j.SpanCorrect), answerable.Count(j => j.Answered),
            judgments.Count(j => !j.Answered), judgments.Count(j => !j.Answered && !j.Question.Answerable),
            changed.Count(j => j.SpanCorrect), changed.Count(j => j.SpanCorrect && j.OlderListed));
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
}

/// <summary>The judged replies to the answer set, with overall, per-half and calibration summaries.</summary>
public sealed record AnswerReport(IReadOnlyList<AnswerJudgment> Judgments)
{
    public AnswerScores All => AnswerScores.Of(Judgments);

    /// <summary>Questions on odd lines of the file (1st, 3rd …): the half the scoring rules were tuned on.</summary>
    public AnswerScores HalfA => AnswerScores.Of(Judgments.Where((_, i) => i % 2 == 0).ToList());

    /// <summary>Questions on even lines: held out while tuning.</summary>
    public AnswerScores HalfB => AnswerScores.Of(Judgments.Where((_, i) => i % 2 == 1).ToList());

    /// <summary>Answers grouped by reported confidence in tenths; right = an accepted span (an unanswerable question answered is wrong).</summary>
    public IReadOnlyList<CalibrationBucket> Calibration(Func<AnswerJudgment, double?> score) => Enumerable.Range(0, 10)
        .Select(b =>
        {
            var from = b / 10.0;
            var to = (b + 1) / 10.0;
            var inBucket = Judgments.Where(j => score(j) is { } s && s >= from && (s < to || (b == 9 && s <= 1.0))).ToList();
            return new CalibrationBucket(from, to, inBucket.Count, inBucket.Count(j => j.Right), inBucket.Count == 0 ? 0 : inBucket.Average(j => j.Confidence ?? 0));
        })
        .Where(b => b.Answers > 0)
        .Reverse()
        .ToList();

    /// <summary>Answers per bucket of <see cref="SearchService.Engine.Answers.ConfidenceCalibration.Buckets"/>, by coverage.</summary>
    public IReadOnlyList<SearchService.Engine.Answers.CalibrationCounts> Measured() => SearchService.Engine.Answers.ConfidenceCalibration.Buckets
        .Select(b =>
        {
            var inBucket = Judgments.Where(j => j.Coverage is { } c && SearchService.Engine.Answers.ConfidenceCalibration.BucketOf(c) == b).ToList();
            return new SearchService.Engine.Answers.CalibrationCounts(b.From, inBucket.Count, inBucket.Count(j => j.Right));
        })
        .ToList();

    public string Render()
    {
        var text = new StringBuilder();
        var all = All;
        text.AppendLine(Invariant($"answer set: {all.Questions} questions ({all.Answerable} answerable, {all.Changed} of them changed over time; {all.Unanswerable} unanswerable)"));
        text.AppendLine("                                        all     half A  half B");
        Row(text, "exact-sentence accuracy (answerable)", s => s.ExactAccuracy, s => $"{s.ExactSentence}/{s.Answerable}");
        Row(text, "span accuracy (answerable)", s => s.SpanAccuracy, s => $"{s.SpanCorrect}/{s.Answerable}");
        Row(text, "answered (answerable)", s => s.Answerable == 0 ? 0 : (double)s.AnsweredAnswerable / s.Answerable, s => $"{s.AnsweredAnswerable}/{s.Answerable}");
        Row(text, "no-answer precision", s => s.NoAnswerPrecision, s => $"{s.DeclinedUnanswerable}/{s.Declined}");
        Row(text, "no-answer recall (declined)", s => s.NoAnswerRecall, s => $"{s.DeclinedUnanswerable}/{s.Unanswerable}");
        Row(text, "changed: newest answer", s => s.Changed == 0 ? 0 : (double)s.ChangedNewest / s.Changed, s => $"{s.ChangedNewest}/{s.Changed}");
        Row(text, "changed: newest + older listed", s => s.Changed == 0 ? 0 : (double)s.ChangedOlderListed / s.Changed, s => $"{s.ChangedOlderListed}/{s.Changed}");
        AppendCalibration(text, "calibration by reported confidence", Calibration(j => j.Confidence));
        AppendCalibration(text, "calibration by coverage (raw score)", Calibration(j => j.Coverage));
        text.AppendLine();
        text.AppendLine("measured per calibration bucket (coverage from, answers, right) for Answers/ConfidenceCalibration.cs (complete only with Search__Answers__MinConfidence=0):");
        text.Append(SearchService.Engine.Answers.ConfidenceCalibration.Render(Measured()));
        text.AppendLine();
        text.AppendLine("wrong:");
        foreach (var j in Judgments.Where(j => !j.Right || (j.Question.ChangedOverTime && !j.OlderListed)))
        {
            var reply = j.Answer is null ? $"(no answer: {j.Reason})" : Invariant($"[{j.Confidence:F2}/{j.Coverage:F2}] {j.Answer}");
            text.AppendLine($"  {j.Question.Id} {j.Question.Question}");
            text.AppendLine($"      -> {Truncate(reply, 220)}");
        }

        return text.ToString();
    }

    private void Row(StringBuilder text, string label, Func<AnswerScores, double> value, Func<AnswerScores, string> count)
    {
        string Cell(AnswerScores s) => Invariant($"{value(s),5:P0} {count(s),-6}");
        text.AppendLine(Invariant($"  {label,-36} {Cell(All)} {Cell(HalfA)} {Cell(HalfB)}"));
    }

    private static void AppendCalibration(StringBuilder text, string title, IReadOnlyList<CalibrationBucket> buckets)
    {
        text.AppendLine();
        text.AppendLine($"{title}:");
        text.AppendLine("  bucket       answers  right  accuracy  mean confidence");
        foreach (var b in buckets)
        {
            text.AppendLine(Invariant($"  {b.From:F1}-{b.To:F1}   {b.Answers,7} {b.Right,6} {b.Accuracy,9:P0} {b.MeanConfidence,16:F2}"));
        }
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
