using SearchService.Evaluation;

namespace SearchService.UnitTests.Evaluation;

public sealed class LatencySummaryTests
{
    [Fact]
    public void From_OneToHundredMs_MedianIsFiftiethAndP99IsNinetyNinth()
    {
        // Nearest rank: median at ⌈0.50·100⌉ = 50th value, p99 at ⌈0.99·100⌉ = 99th value.
        var summary = LatencySummary.From(Enumerable.Range(1, 100).Select(ms => (double)ms).Reverse());

        Assert.Equal(new LatencySummary(50, 99, 100), summary);
    }

    [Fact]
    public void From_EvenCount_MedianIsLowerMiddleObservation()
    {
        // Sorted 1 2 3 5: median at ⌈0.5·4⌉ = 2nd → 2; p99 at ⌈0.99·4⌉ = ⌈3.96⌉ = 4th → 5.
        var summary = LatencySummary.From([TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(2)]);

        Assert.Equal(2, summary.MedianMs);
        Assert.Equal(5, summary.P99Ms);
    }

    [Fact]
    public void From_TwoHundredSamples_P99IsTheHundredNinetyEighth()
    {
        // ⌈0.99·200⌉ = 198: a percentile that lands exactly on an integer rank must not round up to the next value.
        var summary = LatencySummary.From(Enumerable.Range(1, 200).Select(ms => (double)ms));

        Assert.Equal(198, summary.P99Ms);
    }

    [Fact]
    public void From_NoSamples_Throws()
    {
        Assert.Throws<ArgumentException>(() => LatencySummary.From(Array.Empty<double>()));
    }
}
