using SearchService.Engine.Embeddings;
using SearchService.Engine.Ranking.Fusion;

namespace SearchService.UnitTests.Fusion;

public sealed class VectorSignalTests
{
    // Four unit vectors in 2-D; row r is Lucene doc 10 + r.
    private static readonly FakeSpace Space = new([1, 0, 0.8f, 0.6f, 0, 1, -1, 0]);

    [Fact]
    public void Retrieve_DropsAndDoesNotCountPassagesBelowTheFloor()
    {
        var signal = VectorSignal.Prepare(Space.WithQuery([1, 0]), "q", floor: 0.5)!;

        var list = signal.Retrieve(depth: 10);

        Assert.Equal([10, 11], list.Top.Select(h => h.Doc));
        Assert.Equal([1.0, 0.8], list.Top.Select(h => Math.Round(h.Score, 6)));
        Assert.Equal(2, list.Matches);
        Assert.Equal([10, 11], list.MatchedDocs!.Order());
    }

    [Fact]
    public void Retrieve_CountsEveryMatch_EvenBeyondTheDepth()
    {
        var signal = VectorSignal.Prepare(Space.WithQuery([1, 0]), "q", floor: -2)!;

        var list = signal.Retrieve(depth: 1);

        Assert.Equal([10], list.Top.Select(h => h.Doc));
        Assert.Equal(4, list.Matches);
    }

    [Fact]
    public void Prepare_AQueryThatEmbedsToTheZeroVector_HasNoSignal()
    {
        Assert.Null(VectorSignal.Prepare(Space.WithQuery([0, 0]), "q", floor: 0));
        Assert.Null(VectorSignal.Prepare(Space.WithQuery(null), "q", floor: 0));
    }

    [Fact]
    public void Score_GivesTheCosineOfAnyPassage_WhateverTheFloor()
    {
        var signal = VectorSignal.Prepare(Space.WithQuery([1, 0]), "q", floor: 0.9)!;

        Assert.Equal(-1, signal.Score(13)!.Value, 6);
        Assert.Null(signal.Score(99));
    }

    [Fact]
    public void Rescore_RanksTheGivenPassagesOnly()
    {
        var signal = VectorSignal.Prepare(Space.WithQuery([0, 1]), "q", floor: 0.99)!;

        var list = signal.Rescore([10, 11, 13]);

        Assert.Equal([11, 10, 13], list.Top.Select(h => h.Doc));
    }

    private sealed class FakeSpace(float[] data, float[]? query = null) : IVectorSpace
    {
        public SignalKind Kind => SignalKind.Encoder;

        public VectorMatrix Matrix { get; } = new(data, 2);

        public FakeSpace WithQuery(float[]? vector) => new(data, vector);

        public bool TryEmbedQuery(string text, Span<float> destination)
        {
            if (query is null)
            {
                return false;
            }

            query.CopyTo(destination);
            return true;
        }

        public int DocOf(int row) => 10 + row;

        public bool TryGetRow(int doc, out int row)
        {
            row = doc - 10;
            return row >= 0 && row < Matrix.Count;
        }
    }
}
