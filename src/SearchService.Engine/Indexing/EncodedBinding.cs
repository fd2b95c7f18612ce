using Lucene.Net.Index;
using Lucene.Net.Util;
using SearchService.Engine.Embeddings;
using SearchService.Engine.Embeddings.Encoder;

namespace SearchService.Engine.Indexing;

/// <summary>How far the encoder vectors of a generation are: <c>vectors 812/5000</c>.</summary>
/// <param name="Model">The encoder's short name (minilm, arctic-xs, or a folder name).</param>
public sealed record EncoderProgress(string Model, int Encoded, int Total)
{
    public bool IsComplete => Encoded >= Total;

    public override string ToString() => $"vectors {Encoded}/{Total}";
}

/// <summary>
/// The encoder vectors of one reader: each vector row mapped to its Lucene document, and back. Carried by the
/// <see cref="ServingSearcher"/> of the same generation (<see cref="ServingSearcher.Encoded"/>), so lexical and
/// encoder scores in one request always agree on which passages exist. While the background encoder is still
/// working, some passages have no row yet (<see cref="Progress"/>).
/// </summary>
public sealed class EncodedBinding
{
    private readonly int[] _docOfRow;
    private readonly Dictionary<int, int> _rowOfDoc;

    private readonly Task<SentenceEncoder> _encoder;

    /// <param name="model">The encoder's short name (progress reports).</param>
    /// <param name="encoder">The encoder, possibly still loading (then <paramref name="vectors"/> is empty).</param>
    internal EncodedBinding(IndexReader reader, string model, Task<SentenceEncoder> encoder, EncodedSet vectors)
    {
        _encoder = encoder;
        Vectors = vectors;
        (_docOfRow, var total) = MapRows(reader, vectors);
        _rowOfDoc = new Dictionary<int, int>(vectors.Count);
        for (var row = 0; row < _docOfRow.Length; row++)
        {
            if (_docOfRow[row] >= 0)
            {
                _rowOfDoc[_docOfRow[row]] = row;
            }
        }

        Progress = new EncoderProgress(model, _rowOfDoc.Count, total);
    }

    /// <summary>
    /// The encoder that made the vectors; embed queries with it (<see cref="SentenceEncoder.EmbedQuery"/>). In the
    /// seconds after a start while the model still loads, this waits for it (hybrid requests of those seconds are
    /// slower, not different).
    /// </summary>
    /// <remarks>Rethrows the load's failure; requests check <see cref="EncoderFailed"/> first (EncoderGate).</remarks>
    public SentenceEncoder Encoder => _encoder.GetAwaiter().GetResult();

    /// <summary>The model failed to load: this process will have no encoder vectors (the index's encoder error says why).</summary>
    public bool EncoderFailed => _encoder.IsFaulted || _encoder.IsCanceled;

    public EncodedSet Vectors { get; }

    /// <summary>Passages of this reader with a vector, of all its passages.</summary>
    public EncoderProgress Progress { get; }

    public bool IsComplete => Progress.IsComplete;

    /// <summary>The query's unit-length vector (with the model's query prefix).</summary>
    public float[] EmbedQuery(string query) => Encoder.EmbedQuery(query);

    /// <summary>The Lucene document of a vector row, or -1.</summary>
    public int DocOf(int row) => _docOfRow[row];

    public bool TryGetRow(int doc, out int row) => _rowOfDoc.TryGetValue(doc, out row);

    public ReadOnlySpan<float> Row(int row) => Vectors.Vectors.Row(row);

    /// <summary>Cosine of the query vector with a document's vector; null when the passage has no vector (yet).</summary>
    public float? Cosine(ReadOnlySpan<float> query, int doc) =>
        TryGetRow(doc, out var row) ? System.Numerics.Tensors.TensorPrimitives.Dot(query, Row(row)) : null;

    /// <summary>The <paramref name="k"/> documents most similar to <paramref name="query"/>, best first (ties by row).</summary>
    public IReadOnlyList<(int Doc, float Score)> TopK(ReadOnlySpan<float> query, int k)
    {
        k = Math.Max(0, Math.Min(k, Vectors.Count));
        if (k == 0)
        {
            return [];
        }

        var top = new (int Row, float Score)[k];
        var count = Vectors.Vectors.TopK(query, k, top);
        var results = new List<(int Doc, float Score)>(count);
        for (var i = 0; i < count; i++)
        {
            var doc = _docOfRow[top[i].Row];
            if (doc >= 0)
            {
                results.Add((doc, top[i].Score));
            }
        }

        return results;
    }

    // An empty set (every open binds one: the encoder's saved vectors are taken up once its model has loaded, in the
    // background) has no row to map: only the passages are counted, without reading their ids.
    private static (int[] DocOfRow, int Total) MapRows(IndexReader reader, EncodedSet vectors) =>
        vectors.Count == 0 ? ([], PassageRows.CountLive(reader)) : PassageRows.Map(reader, vectors.Count, vectors.TryGetRow);
}
