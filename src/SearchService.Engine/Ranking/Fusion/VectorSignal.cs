using System.Numerics.Tensors;

namespace SearchService.Engine.Ranking.Fusion;

/// <summary>
/// A semantic signal: cosine of the query vector with every passage vector (one SIMD dot product each, vectors are
/// unit length). Passages below the similarity floor are no candidates and are not counted.
/// </summary>
internal sealed class VectorSignal : ISignalQuery
{
    private readonly IVectorSpace _space;
    private readonly float[] _query;
    private readonly double _floor;
    private readonly Lucene.Net.Util.IBits? _allowed;

    private VectorSignal(IVectorSpace space, float[] query, double floor, Lucene.Net.Util.IBits? allowed)
    {
        _space = space;
        _query = query;
        _floor = floor;
        _allowed = allowed;
    }

    public SignalKind Kind => _space.Kind;

    /// <summary>
    /// The signal for <paramref name="query"/>, or null when the query embeds to nothing (no term the model knows:
    /// a zero vector is similar to nothing). <paramref name="feedback"/> docs, when given, are blended into the
    /// query vector with <paramref name="feedbackWeight"/> (Rocchio: a short query's vector is thin; the passages
    /// BM25 trusts most describe the topic in more words).
    /// </summary>
    /// <param name="allowed">The doc ids a filter allows (null: all): the scan skips the others before their dot product.</param>
    public static VectorSignal? Prepare(IVectorSpace space, string query, double floor, IReadOnlyList<int>? feedback = null, float feedbackWeight = 0, Lucene.Net.Util.IBits? allowed = null)
    {
        var vector = new float[space.Matrix.Dimensions];
        if (!space.TryEmbedQuery(query, vector) || !(TensorPrimitives.Norm(vector) > 1e-6f))
        {
            return null;
        }

        AddFeedback(space, vector, feedback ?? [], feedbackWeight);
        return new VectorSignal(space, vector, floor, allowed);
    }

    public SignalCandidates Retrieve(int depth)
    {
        if (_space.Nearest is { } nearest)
        {
            return RetrieveApproximate(nearest, depth);
        }

        var matrix = _space.Matrix;
        var above = new List<ScoredDoc>();
        if (matrix.InMemory)
        {
            for (var row = 0; row < matrix.Count; row++)
            {
                var doc = _space.DocOf(row);
                if (doc < 0 || (_allowed is not null && !_allowed.Get(doc)))
                {
                    continue;
                }

                var score = matrix.Dot(_query, row);
                if (score >= _floor)
                {
                    above.Add(new ScoredDoc(doc, score));
                }
            }
        }
        else
        {
            ScanFile(matrix, above);
        }

        // OrderBy(..).Take(k) is a partial sort in .NET; ties go to the lower doc id (deterministic).
        var top = above.OrderByDescending(h => h.Score).ThenBy(h => h.Doc).Take(depth).ToList();
        return new SignalCandidates(Kind, top, above.Count, above.Select(h => h.Doc).ToList());
    }

    /// <summary>
    /// The exact scan of a matrix left in its file (a large generation whose graph is not attached yet): rows read a
    /// block at a time, the same dot product per row, so the same candidates as a scan in memory.
    /// </summary>
    private void ScanFile(Embeddings.VectorMatrix matrix, List<ScoredDoc> above)
    {
        const int BlockRows = 4096;
        var scores = System.Buffers.ArrayPool<float>.Shared.Rent(Math.Min(BlockRows, Math.Max(1, matrix.Count)));
        try
        {
            for (var first = 0; first < matrix.Count; first += BlockRows)
            {
                var block = scores.AsSpan(0, Math.Min(BlockRows, matrix.Count - first));
                matrix.Scores(_query, first, block);
                for (var i = 0; i < block.Length; i++)
                {
                    var doc = _space.DocOf(first + i);
                    if (doc >= 0 && (_allowed is null || _allowed.Get(doc)) && block[i] >= _floor)
                    {
                        above.Add(new ScoredDoc(doc, block[i]));
                    }
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>
    /// The nearest rows by the graph, scored by the same dot product as the scan. Matches are counted among those
    /// candidates only (a count above the floor over every row would be the scan this replaces).
    /// </summary>
    private SignalCandidates RetrieveApproximate(Embeddings.NearestNeighbours nearest, int depth)
    {
        var found = new (int Row, float Score)[Math.Max(0, Math.Min(depth, nearest.Count))];

        // Rows whose passage is not in this reader are skipped by the filter seam, as the scan skips them.
        var count = nearest.Search(_query, depth, found, row => _space.DocOf(row) >= 0);
        var above = new List<ScoredDoc>(count);
        for (var i = 0; i < count; i++)
        {
            if (found[i].Score >= _floor)
            {
                above.Add(new ScoredDoc(_space.DocOf(found[i].Row), found[i].Score));
            }
        }

        var top = above.OrderByDescending(h => h.Score).ThenBy(h => h.Doc).ToList();
        return new SignalCandidates(Kind, top, above.Count, above.Select(h => h.Doc).ToList());
    }

    public double? Score(int doc) =>
        _space.TryGetRow(doc, out var row) ? _space.Matrix.Dot(_query, row) : null;

    /// <summary>The given passages ranked by cosine, whatever the floor (re-ranking a fixed pool).</summary>
    public SignalCandidates Rescore(IReadOnlyList<int> docs)
    {
        var scored = docs
            .Select(doc => (doc, score: Score(doc)))
            .Where(s => s.score is not null)
            .Select(s => new ScoredDoc(s.doc, s.score!.Value))
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Doc)
            .ToList();
        return new SignalCandidates(Kind, scored, 0, []);
    }

    private static void AddFeedback(IVectorSpace space, float[] query, IReadOnlyList<int> feedback, float weight)
    {
        if (weight <= 0 || feedback.Count == 0)
        {
            return;
        }

        var rows = feedback.Select(doc => space.TryGetRow(doc, out var row) ? row : -1).Where(row => row >= 0).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var share = weight / rows.Count;
        foreach (var row in rows)
        {
            TensorPrimitives.MultiplyAdd(space.Matrix.Row(row), share, query, query);
        }

        var norm = TensorPrimitives.Norm(query);
        if (norm > 0)
        {
            TensorPrimitives.Divide(query, norm, query);
        }
    }
}
