using System.Collections.Concurrent;
using System.Numerics.Tensors;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking.Learned;

/// <summary>
/// The sentence encoder's evidence for the learned ranker: the query's cosine with each candidate passage (and its
/// rank among the candidates) and with the candidate's document title. Title vectors are embedded on first use and
/// kept (titles repeat across queries and passages).
/// </summary>
internal sealed class EncoderFeatures
{
    private const int MaxCachedTitles = 100_000;
    private readonly ConcurrentDictionary<(string Model, string Title), float[]> _titles = new();

    /// <summary>Writes the three encoder features from <paramref name="first"/> on; they stay 0 without encoder vectors.</summary>
    public void Add(ServingSearcher searcher, AnalyzedQuery analyzed, IReadOnlyList<int> docs, IReadOnlyList<FeatureRow> rows, int first)
    {
        if (searcher.Encoded is not { } encoded)
        {
            return;
        }

        if (!encoded.IsComplete)
        {
            // The model learned from complete vectors; zeros for the missing ones would mislead it.
            throw new VectorsIncompleteException(encoded.Progress);
        }

        // The vector hybrid's encoder signal already embedded for this request (the candidate pool is its ranking).
        if (analyzed.Embeddings.Encoder(encoded, analyzed.Text) is not { } query)
        {
            return;
        }

        var cosines = docs.Select(doc => encoded.Cosine(query, doc) ?? 0f).ToArray();
        var rank = Enumerable.Range(0, rows.Count).OrderByDescending(i => cosines[i]).ThenBy(i => i).ToArray();
        for (var r = 0; r < rank.Length; r++)
        {
            rows[rank[r]].Features[first] = cosines[rank[r]];
            rows[rank[r]].Features[first + 1] = 1f / (r + 1);
        }

        var titles = docs.Select(doc => LuceneDocumentMapper.ReadHitMetadata(searcher.IndexReader, doc).Title).ToArray();
        var vectors = TitleVectors(encoded, titles);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Features[first + 2] = vectors[i] is { } title ? TensorPrimitives.Dot(query, title) : 0f;
        }
    }

    private float[]?[] TitleVectors(EncodedBinding encoded, string[] titles)
    {
        var model = encoded.Encoder.Fingerprint;
        var missing = titles.Where(t => t.Length > 0 && !_titles.ContainsKey((model, t))).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            if (_titles.Count + missing.Count > MaxCachedTitles)
            {
                _titles.Clear();
            }

            var matrix = encoded.Encoder.EmbedPassages(missing);
            for (var i = 0; i < missing.Count; i++)
            {
                _titles[(model, missing[i])] = matrix.Row(i).ToArray();
            }
        }

        return titles.Select(t => t.Length > 0 && _titles.TryGetValue((model, t), out var v) ? v : null).ToArray();
    }
}
