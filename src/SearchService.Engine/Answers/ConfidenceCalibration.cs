namespace SearchService.Engine.Answers;

/// <summary>
/// Confidence that means something: an answer's coverage score falls in a bucket, and its confidence is the share
/// of answers in that bucket that were right on the project's answer set (tests/data/answers.jsonl, measured with
/// <c>eval --answers</c>; see docs/answers.md). Re-measure and update the table when the scoring changes.
/// </summary>
public static class ConfidenceCalibration
{
    /// <summary>(lowest score of the bucket, measured accuracy), highest bucket first.</summary>
    public static readonly IReadOnlyList<(double From, double Accuracy)> Buckets =
    [
        (0.90, 0.95),
        (0.80, 0.90),
        (0.70, 0.80),
        (0.60, 0.60),
        (0.50, 0.40),
        (0.00, 0.10),
    ];

    /// <summary>The measured accuracy of the bucket <paramref name="score"/> falls in.</summary>
    public static double Confidence(double score) =>
        Buckets.First(b => score >= b.From || b.From <= 0).Accuracy;
}
