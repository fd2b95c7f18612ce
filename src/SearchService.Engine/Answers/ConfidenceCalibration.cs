using System.Text;

namespace SearchService.Engine.Answers;

/// <summary>
/// Confidence that means something: an answer's coverage (its raw score) falls in a bucket, and its confidence is
/// the measured accuracy of that bucket on the project's answer set (eval/answers/answers.jsonl, measured with
/// <c>eval --answers</c>, which prints these counts; see docs/answers.md): the tuning set and the fresh questions
/// written after tuning (answers-fresh.jsonl) together, run with the floor at 0 so that every bucket is seen. It is
/// capped at 0.99: a finite sample cannot show certainty. Buckets are wide (0.6-0.9 is one) because narrower ones
/// held too few answers to be measured. Re-measure and update the counts whenever the scoring changes.
/// </summary>
public static class ConfidenceCalibration
{
    /// <summary>Lowest coverage of each bucket, highest first, with the answers measured in it and how many were right.</summary>
    public static readonly IReadOnlyList<CalibrationCounts> Buckets =
    [
        new(0.90, 32, 32),
        new(0.60, 20, 18),
        new(0.50, 7, 2),
        new(0.00, 0, 0),
    ];

    /// <summary>The measured accuracy of the bucket <paramref name="coverage"/> falls in (0 for a bucket never measured).</summary>
    public static double Confidence(double coverage) => Math.Round(BucketOf(coverage).Accuracy, 2);

    public static CalibrationCounts BucketOf(double coverage) => Buckets.First(b => coverage >= b.From || b.From <= 0);

    /// <summary>The table as code, for <c>eval --answers</c> to print after a new measurement.</summary>
    public static string Render(IEnumerable<CalibrationCounts> buckets)
    {
        var text = new StringBuilder();
        foreach (var b in buckets)
        {
            text.AppendLine(System.FormattableString.Invariant($"        new({b.From:F2}, {b.Answers}, {b.Right}),   // confidence {b.Accuracy:F2}"));
        }

        return text.ToString();
    }
}

/// <summary>A calibration bucket: coverage from <see cref="From"/> up to the next bucket, answers measured and right.</summary>
public sealed record CalibrationCounts(double From, int Answers, int Right)
{
    public const double Cap = 0.99;

    public double Accuracy => Answers == 0 ? 0 : Math.Min(Cap, (double)Right / Answers);
}
