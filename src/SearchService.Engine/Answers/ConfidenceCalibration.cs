using System.Text;

namespace SearchService.Engine.Answers;

/// <summary>
/// Confidence that means something: an answer's coverage (its raw score) falls in a bucket, and its confidence is
/// the measured accuracy of that bucket on the project's answer set (tests/data/answers.jsonl, measured with
/// <c>eval --answers</c>, which prints these counts; see docs/answers.md). The accuracy is Laplace-smoothed,
/// (right + 1) / (answers + 2), because the buckets are small: 17 of 17 right is evidence of "usually right", not a
/// promise of 100%. Re-measure and update the counts whenever the scoring changes.
/// </summary>
public static class ConfidenceCalibration
{
    /// <summary>Lowest coverage of each bucket, highest first, with the answers measured in it and how many were right.</summary>
    public static readonly IReadOnlyList<CalibrationCounts> Buckets =
    [
        new(0.90, 25, 25),
        new(0.75, 8, 8),
        new(0.60, 9, 9),
        new(0.50, 4, 1),
        new(0.00, 0, 0),
    ];

    /// <summary>The smoothed measured accuracy of the bucket <paramref name="coverage"/> falls in.</summary>
    public static double Confidence(double coverage) => Math.Round(BucketOf(coverage).Accuracy, 2);

    public static CalibrationCounts BucketOf(double coverage) => Buckets.First(b => coverage >= b.From || b.From <= 0);

    /// <summary>The table as code, for <c>eval --answers</c> to print after a new measurement.</summary>
    public static string Render(IEnumerable<CalibrationCounts> buckets)
    {
        var text = new StringBuilder();
        foreach (var b in buckets)
        {
            text.AppendLine(System.FormattableString.Invariant($"        new({b.From:F2}, {b.Answers}, {b.Right}),   // smoothed accuracy {b.Accuracy:F2}"));
        }

        return text.ToString();
    }
}

/// <summary>A calibration bucket: coverage from <see cref="From"/> up to the next bucket, answers measured and right.</summary>
public sealed record CalibrationCounts(double From, int Answers, int Right)
{
    public double Accuracy => (Right + 1.0) / (Answers + 2.0);
}
