namespace SearchService.Engine.Answers;

/// <summary>Section <c>Search:Answers</c>.</summary>
public sealed class AnswerOptions
{
    /// <summary>
    /// The honest floor: an answer whose calibrated confidence (the measured accuracy of its bucket) is below this is
    /// not given; <c>answer</c> is null and <c>reason</c> says how sure it would have been. 0..1.
    /// </summary>
    public double MinConfidence { get; set; } = 0.5;

    public bool IsValid => MinConfidence is >= 0 and <= 1;
}
