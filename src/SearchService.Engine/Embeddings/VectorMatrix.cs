using System.Buffers;
using System.Numerics.Tensors;

namespace SearchService.Engine.Embeddings;

/// <summary>
/// A row per vector, L2-normalized, so cosine similarity is a SIMD dot product. Either one contiguous array in memory,
/// or rows read on demand from a generation's vector file (<see cref="OnFile"/>): a loaded set large enough to have a
/// nearest-neighbour graph scores only the graph's few hundred candidates per query, so it does not hold the matrix
/// (512 MB at a million 128-dimensional rows). Every score is the same dot product of the same floats either way.
/// </summary>
public sealed class VectorMatrix
{
    /// <summary>Rows per read when a file-backed matrix is scanned (64K of 128-dimensional rows: 512 KB).</summary>
    private const int ScanBlockBytes = 1 << 19;

    private readonly float[]? _data;
    private readonly VectorRowFile? _file;

    public VectorMatrix(float[] data, int dimensions)
    {
        if (dimensions <= 0 || data.Length % dimensions != 0)
        {
            throw new ArgumentException($"{data.Length} values do not make rows of {dimensions}.", nameof(data));
        }

        _data = data;
        Dimensions = dimensions;
        Count = data.Length / dimensions;
    }

    private VectorMatrix(VectorRowFile file, int count, int dimensions)
    {
        _file = file;
        Dimensions = dimensions;
        Count = count;
    }

    /// <summary>The rows stored in <paramref name="file"/>, read when asked for (see <see cref="VectorRowFile"/>).</summary>
    internal static VectorMatrix OnFile(VectorRowFile file, int count, int dimensions) => new(file, count, dimensions);

    public int Dimensions { get; }

    public int Count { get; }

    /// <summary>False when the rows are read from the generation's file on demand instead of held in memory.</summary>
    public bool InMemory => _data is not null;

    /// <summary>The rows' size; held in memory only when <see cref="InMemory"/>.</summary>
    public long SizeInBytes => (long)Count * Dimensions * sizeof(float);

    /// <summary>
    /// One row. In memory: a view of the matrix. File-backed: a copy read now (an allocation and a read per call; the
    /// query paths use <see cref="Dot"/>, <see cref="Scores"/> and <see cref="CopyRow"/> instead).
    /// </summary>
    public ReadOnlySpan<float> Row(int row)
    {
        if (_data is not null)
        {
            return _data.AsSpan(row * Dimensions, Dimensions);
        }

        var copy = new float[Dimensions];
        CopyRow(row, copy);
        return copy;
    }

    /// <summary>Copies row <paramref name="row"/> into <paramref name="destination"/> (which holds <see cref="Dimensions"/>).</summary>
    public void CopyRow(int row, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Count, nameof(row));
        if (_data is not null)
        {
            _data.AsSpan(row * Dimensions, Dimensions).CopyTo(destination);
        }
        else
        {
            _file!.Read(row, destination[..Dimensions]);
        }
    }

    /// <summary>The dot product of <paramref name="query"/> with row <paramref name="row"/> (the cosine: rows are unit length).</summary>
    public float Dot(ReadOnlySpan<float> query, int row)
    {
        if (_data is not null)
        {
            return TensorPrimitives.Dot(query, _data.AsSpan(row * Dimensions, Dimensions));
        }

        // Up to 1,024 dimensions on the stack (the models here have 128–768).
        var buffer = Dimensions <= 1024 ? stackalloc float[Dimensions] : new float[Dimensions];
        CopyRow(row, buffer);
        return TensorPrimitives.Dot(query, buffer);
    }

    /// <summary>
    /// The dot products of <paramref name="query"/> with rows <paramref name="firstRow"/> onwards, one per element of
    /// <paramref name="scores"/>: the exact scan, block by block, reading a file-backed matrix sequentially.
    /// </summary>
    public void Scores(ReadOnlySpan<float> query, int firstRow, Span<float> scores)
    {
        if (firstRow < 0 || firstRow + scores.Length > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"rows {firstRow}..{firstRow + scores.Length} of {Count}");
        }

        if (_data is not null)
        {
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = TensorPrimitives.Dot(query, _data.AsSpan((firstRow + i) * Dimensions, Dimensions));
            }

            return;
        }

        var blockRows = Math.Max(1, Math.Min(scores.Length, ScanBlockBytes / (Dimensions * sizeof(float))));
        var buffer = ArrayPool<float>.Shared.Rent(blockRows * Dimensions);
        try
        {
            for (var done = 0; done < scores.Length; done += blockRows)
            {
                var rows = Math.Min(blockRows, scores.Length - done);
                var block = buffer.AsSpan(0, rows * Dimensions);
                _file!.Read(firstRow + done, block);
                for (var i = 0; i < rows; i++)
                {
                    scores[done + i] = TensorPrimitives.Dot(query, block.Slice(i * Dimensions, Dimensions));
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>The rows as one array: the matrix itself in memory, a copy read from the file otherwise (a graph build).</summary>
    internal float[] Data
    {
        get
        {
            if (_data is not null)
            {
                return _data;
            }

            var copy = new float[(long)Count * Dimensions];
            if (Count > 0)
            {
                _file!.Read(0, copy);
            }

            return copy;
        }
    }

    /// <summary>
    /// The <paramref name="k"/> rows most similar to <paramref name="query"/>, best first, written into
    /// <paramref name="results"/> (which must hold k); returns how many were written. A bounded min-heap of the best so
    /// far, one dot product per row (a file-backed matrix is read block by block into a pooled buffer).
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
        var blockRows = Math.Min(Count, Math.Max(1, ScanBlockBytes / (Dimensions * sizeof(float))));
        var scores = ArrayPool<float>.Shared.Rent(blockRows);
        try
        {
            for (var first = 0; first < Count; first += blockRows)
            {
                var block = scores.AsSpan(0, Math.Min(blockRows, Count - first));
                Scores(query, first, block);
                for (var i = 0; i < block.Length; i++)
                {
                    Offer(heap, ref size, k, (first + i, block[i]));
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }

        // Heap-sort in place: repeatedly move the minimum to the end, leaving the best first.
        for (var end = size - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            SiftDown(heap, 0, end);
        }

        return size;
    }

    private static void Offer(Span<(int Row, float Score)> heap, ref int size, int k, (int Row, float Score) scored)
    {
        if (size < k)
        {
            heap[size++] = scored;
            SiftUp(heap, size - 1);
        }
        else if (scored.Score > heap[0].Score)
        {
            heap[0] = scored;
            SiftDown(heap, 0, size);
        }
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
