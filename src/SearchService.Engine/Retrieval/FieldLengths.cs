using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// Every document's length in a field (what the engine's BM25, <c>Ranking.ExactLengthBm25Similarity</c>, stores in the norms), decoded once
/// per segment into a float array. A lexical query reads a length per posting — most of a segment's documents at
/// 100k–1M passages —, and the norms' packed-int decode behind two virtual calls was a large part of that.
/// </summary>
/// <remarks>
/// Keyed by the segment's core (<see cref="IndexReader.CoreCacheKey"/>): norms never change within a core (deletions
/// do not touch them), and the arrays go with the core once no reader holds it. Cost: 4 bytes per document per
/// scored field (12 MB per million Lucene records for text, title and section).
/// </remarks>
internal static class FieldLengths
{
    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<string, float[]>> BySegmentCore = new();

    /// <summary>The lengths of <paramref name="field"/> by doc id in <paramref name="reader"/> (1 for every document when it has no norms).</summary>
    public static float[] Of(AtomicReader reader, string field) =>
        BySegmentCore.GetValue(reader.CoreCacheKey, static _ => new ConcurrentDictionary<string, float[]>(StringComparer.Ordinal))
            .GetOrAdd(field, static (name, segment) => Read(segment, name), reader);

    private static float[] Read(AtomicReader reader, string field)
    {
        var norms = reader.GetNormValues(field);
        var lengths = new float[reader.MaxDoc];
        for (var doc = 0; doc < lengths.Length; doc++)
        {
            // long → float exactly as the similarity's scorer converts it.
            long length = norms is null ? 1L : norms.Get(doc);
            lengths[doc] = length;
        }

        return lengths;
    }
}
