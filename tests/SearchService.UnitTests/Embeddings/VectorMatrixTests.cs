using SearchService.Engine.Embeddings;

namespace SearchService.UnitTests.Embeddings;

public sealed class VectorMatrixTests
{
    [Fact]
    public void TopK_ReturnsTheSameRowsAsSortingAllDotProducts()
    {
        var random = new Random(7);
        const int dimensions = 33;
        var data = Enumerable.Range(0, 500 * dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var matrix = new VectorMatrix(data, dimensions);
        var query = Enumerable.Range(0, dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();

        var results = new (int Row, float Score)[10];
        var count = matrix.TopK(query, 10, results);

        var expected = Enumerable.Range(0, matrix.Count)
            .Select(row => (Row: row, Score: Dot(matrix.Row(row), query)))
            .OrderByDescending(r => r.Score)
            .Take(10)
            .Select(r => r.Row);
        Assert.Equal(10, count);
        Assert.Equal(expected, results.Select(r => r.Row));
        Assert.Equal(results.Select(r => r.Score).OrderByDescending(s => s), results.Select(r => r.Score));
    }

    [Fact]
    public void TopK_MoreThanRows_ReturnsEveryRowOnce()
    {
        var matrix = new VectorMatrix([1, 0, 0, 1, 0.6f, 0.8f], 2);
        var results = new (int Row, float Score)[5];

        var count = matrix.TopK([1, 0], 5, results);

        Assert.Equal(3, count);
        Assert.Equal([0, 2, 1], results.Take(count).Select(r => r.Row));
    }

    [Fact]
    public void Constructor_RaggedData_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new VectorMatrix(new float[7], 2));
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
