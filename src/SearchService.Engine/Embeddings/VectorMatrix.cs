using System.Numerics.Tensors;

namespace SearchService.Engine.Embeddings;

/// <summary>A row per vector in one contiguous array, L2-normalized, so cosine similarity is a SIMD dot product.</summary>
public sealed class VectorMatrix
{
    private readonly float[] _data;

    public VectorMatrix(float[] data, int dimensions)
    {
        if (dimensions <= 0 || data.Length % dimensions != 0)
        {
            throw new ArgumentException($"{data.Length} values do not make rows of {dimensions}.", nameof(data));
        }

        _data = data;
        Dimensions = dimensions;
    }

    public int Dimensions { get; }

    public int Count => _data.Length / Dimensions;

    public long SizeInBytes => _data.LongLength * sizeof(float);

    public ReadOnlySpan<float> Row(int row) => _data.AsSpan(row * Dimensions, Dimensions);

    internal float[] Data => _data;

    /// <summary>
    /// The <paramref name="k"/> rows most similar to <paramref name="query"/>, best first, written into
    /// <paramref name="results"/> (which must hold k); returns how many were written. Allocation-free: a bounded
    /// min-heap of the best so far, one dot product per row.
    /// </summary>
    public int TopK(ReadOnlySpan<float> query, int k, Span<(int Row, float Score)> results)
    {
        k = Math.Min(Math.Min(k, Count), results.Length);
        if (k <= 0)
        {
            return 0;
        }

        var heap = results[..k];
        var size = 0;
        for (var row = 0; row < Count; row++)
        {
            var score = TensorPrimitives.Dot(query, _data.AsSpan(row * Dimensions, Dimensions));
            if (size < k)
            {
                heap[size++] = (row, score);
                SiftUp(heap, size - 1);
            }
            else if (score > heap[0].Score)
            {
                heap[0] = (row, score);
                SiftDown(heap, 0, size);
            }
        }

        // Heap-sort in place: repeatedly move the minimum to the end, leaving the best first.
        for (var end = size - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            SiftDown(heap, 0, end);
        }

        return size;
    }

    private static bool Worse((int Row, float Score) a, (int Row, float Score) b) =>
        a.Score < b.Score || (a.Score == b.Score && a.Row > b.Row);

    private static void SiftUp(Span<(int Row, float Score)> heap, int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Worse(heap[i], heap[parent]))
            {
                return;
            }

            (heap[i], heap[parent]) = (heap[parent], heap[i]);
            i = parent;
        }
    }

    private static void SiftDown(Span<(int Row, float Score)> heap, int i, int size)
    {
        while (true)
        {
            var smallest = i;
            var left = (2 * i) + 1;
            var right = left + 1;
            if (left < size && Worse(heap[left], heap[smallest]))
            {
                smallest = left;
            }

            if (right < size && Worse(heap[right], heap[smallest]))
            {
                smallest = right;
            }

            if (smallest == i)
            {
                return;
            }

            (heap[i], heap[smallest]) = (heap[smallest], heap[i]);
            i = smallest;
        }
    }
}
