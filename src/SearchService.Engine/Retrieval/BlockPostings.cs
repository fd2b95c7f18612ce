using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// Reads a Lucene.Net 4.8 <c>Lucene41PostingsReader.BlockDocsEnum</c> (the default codec's docs-and-freqs postings)
/// in place: its decoded 128-entry blocks of doc deltas and frequencies are walked as arrays, so a posting costs a few
/// loads instead of the virtual <c>NextDoc</c> and <c>Freq</c> calls of <see cref="Bm25Postings"/>' general loop.
/// </summary>
/// <remarks>
/// The enum is internal to Lucene.Net, so its private state is reached through .NET 10's
/// <see cref="UnsafeAccessorAttribute"/> with <see cref="UnsafeAccessorTypeAttribute"/>, named as in Lucene.Net
/// 4.8.0-beta00017's <c>Codecs/Lucene41/Lucene41PostingsReader.cs</c>. Those names are checked once, by reflection,
/// before the first use (<see cref="Available"/>); when they do not match (another Lucene.Net build) or the enum is of
/// another type (another codec, a filtered reader), the caller keeps its general loop, which gives the same postings.
/// <para/>
/// The walk keeps the enum's own invariants, so the enum stays a valid enum: <c>docUpto</c> counts the postings
/// consumed, <c>docBufferUpto</c> is the next entry of the buffered block, <c>accum</c> the last consumed doc, and a
/// block is refilled by the enum's own <c>RefillDocs</c>. Deleted documents (<c>liveDocs</c>) are consumed without
/// being scored, as <c>NextDoc</c> skips them.
/// </remarks>
internal static class BlockPostings
{
    private const string EnumTypeName = "Lucene.Net.Codecs.Lucene41.Lucene41PostingsReader+BlockDocsEnum";
    private const string EnumType = EnumTypeName + ", Lucene.Net";

    /// <summary>Entries per block (<c>Lucene41PostingsFormat.BLOCK_SIZE</c>).</summary>
    private const int BlockSize = 128;

    private static readonly Type? BlockDocsEnumType = typeof(DocsEnum).Assembly.GetType(EnumTypeName);

    /// <summary>True when this Lucene.Net's <c>BlockDocsEnum</c> has the state this class reads (checked once).</summary>
    public static bool Available { get; } = HasExpectedShape(BlockDocsEnumType);

    /// <summary>Whether <paramref name="docs"/> can be read in place.</summary>
    public static bool CanRead(DocsEnum docs) => Available && docs.GetType() == BlockDocsEnumType;

    /// <summary>
    /// Steps back over the posting the last <c>NextDoc</c> returned, so that the next walk starts at it: the enum is
    /// left with that document unconsumed (its block is still buffered, so this is three field writes).
    /// </summary>
    public static void Unread(DocsEnum docs)
    {
        ref var upto = ref DocBufferUpto(docs);
        upto--;
        DocUpto(docs)--;
        Accum(docs) -= DocDeltaBuffer(docs)[upto];
    }

    /// <summary>
    /// Scores every live posting of <paramref name="docs"/> below <paramref name="end"/> (all ≥ <paramref name="start"/>):
    /// adds <see cref="Bm25Constants.Score"/> of its frequency and length into <paramref name="scores"/>[doc − start]
    /// and marks it in <paramref name="seen"/>. Returns the next posting's doc (not consumed, possibly deleted), or
    /// <see cref="DocIdSetIterator.NO_MORE_DOCS"/> when the postings are exhausted.
    /// </summary>
    /// <remarks>The caller guarantees <paramref name="lengths"/> covers [0, end) and the window arrays cover [start, end).</remarks>
    public static int ScoreUpTo(DocsEnum docs, int start, int end, in Bm25Constants constants, float[] lengths, double[] scores, byte[] seen)
    {
        if ((uint)end > (uint)lengths.Length || end - start > scores.Length || end - start > seen.Length || start < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "the window lies outside the lengths or the window arrays");
        }

        var deltas = DocDeltaBuffer(docs);
        var freqs = FreqBuffer(docs);
        var live = LiveDocs(docs);
        var docFreq = DocFreq(docs);
        var upto = DocBufferUpto(docs);
        var consumed = DocUpto(docs);
        var accum = Accum(docs);
        ref var score0 = ref MemoryMarshal.GetArrayDataReference(scores);
        ref var seen0 = ref MemoryMarshal.GetArrayDataReference(seen);
        var bm25 = constants;
        var next = DocIdSetIterator.NO_MORE_DOCS;
        Span<int> blockDocs = stackalloc int[BlockSize];
        Span<float> blockScores = stackalloc float[BlockSize];
        while (true)
        {
            // The buffered block's unread entries: a full block holds 128, the last (vInt) one what is left.
            var blockEnd = Math.Min(BlockSize, upto + (docFreq - consumed));
            var blockDeltas = deltas.AsSpan(upto, blockEnd - upto);
            var count = 0;
            for (; count < blockDeltas.Length; count++)
            {
                var doc = accum + blockDeltas[count];
                if (doc >= end)
                {
                    next = doc;
                    break;
                }

                accum = doc;
                blockDocs[count] = doc;
            }

            var i = upto + count;
            Score(bm25, freqs.AsSpan(upto, count), blockDocs[..count], lengths, blockScores);
            for (var k = 0; k < count; k++)
            {
                var doc = blockDocs[k];
                if (live is not null && !live.Get(doc))
                {
                    continue;
                }

                var at = doc - start;
                Unsafe.Add(ref seen0, at) = 1;
                Unsafe.Add(ref score0, at) += blockScores[k];
            }

            consumed += i - upto;
            upto = i;
            if (next != DocIdSetIterator.NO_MORE_DOCS || consumed == docFreq)
            {
                break;
            }

            // A full block read to its end and postings left: the enum decodes the next block (docBufferUpto = 0).
            DocUpto(docs) = consumed;
            Accum(docs) = accum;
            RefillDocs(docs);
            upto = 0;
        }

        DocBufferUpto(docs) = upto;
        DocUpto(docs) = consumed;
        Accum(docs) = accum;
        return next;
    }

    /// <summary>
    /// <see cref="Bm25Constants.Score"/> of each posting's frequency and its document's length, eight at a time where
    /// the hardware has 256-bit vectors: the lanes do the same IEEE float operations in the same order as the scalar
    /// function (no fused multiply-add), so each score has the same bits.
    /// </summary>
    private static void Score(in Bm25Constants bm25, ReadOnlySpan<int> freqs, ReadOnlySpan<int> docs, float[] lengths, Span<float> scores)
    {
        ref var length0 = ref MemoryMarshal.GetArrayDataReference(lengths);
        var k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var weight = Vector256.Create(bm25.WeightTimesK1Plus1);
            var constantPart = Vector256.Create(bm25.ConstantPart);
            var lengthPart = Vector256.Create(bm25.LengthPart);
            for (; k + 8 <= docs.Length; k += 8)
            {
                var freq = Vector256.ConvertToSingle(Vector256.Create(freqs.Slice(k, 8)));
                var d = docs.Slice(k, 8);
                var length = Vector256.Create(
                    Unsafe.Add(ref length0, d[0]), Unsafe.Add(ref length0, d[1]), Unsafe.Add(ref length0, d[2]), Unsafe.Add(ref length0, d[3]),
                    Unsafe.Add(ref length0, d[4]), Unsafe.Add(ref length0, d[5]), Unsafe.Add(ref length0, d[6]), Unsafe.Add(ref length0, d[7]));
                var score = weight * freq / (freq + constantPart + (lengthPart * length));
                score.CopyTo(scores.Slice(k, 8));
            }
        }

        for (; k < docs.Length; k++)
        {
            scores[k] = bm25.Score(freqs[k], Unsafe.Add(ref length0, docs[k]));
        }
    }

    /// <summary>
    /// Whether <paramref name="type"/> declares the fields and method this class reaches, with these types: a
    /// Lucene.Net whose enum was renamed or reshaped falls back to the general loop instead of failing at a query.
    /// </summary>
    internal static bool HasExpectedShape(Type? type)
    {
        if (type is null || !typeof(DocsEnum).IsAssignableFrom(type))
        {
            return false;
        }

        const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        (string Name, Type Type)[] fields =
        [
            ("docDeltaBuffer", typeof(int[])), ("freqBuffer", typeof(int[])), ("docBufferUpto", typeof(int)),
            ("docFreq", typeof(int)), ("docUpto", typeof(int)), ("accum", typeof(int)), ("liveDocs", typeof(IBits)),
        ];
        foreach (var (name, fieldType) in fields)
        {
            if (type.GetField(name, Instance) is not { } field || field.FieldType != fieldType)
            {
                return false;
            }
        }

        return type.GetMethod("RefillDocs", Instance, Type.EmptyTypes) is { ReturnType: var returns } && returns == typeof(void);
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "docDeltaBuffer")]
    private static extern ref int[] DocDeltaBuffer([UnsafeAccessorType(EnumType)] object docs);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "freqBuffer")]
    private static extern ref int[] FreqBuffer([UnsafeAccessorType(EnumType)] object docs);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "docBufferUpto")]
    private static extern ref int DocBufferUpto([UnsafeAccessorType(EnumType)] object docs);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "docFreq")]
    private static extern ref int DocFreq([UnsafeAccessorType(EnumType)] object docs);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "docUpto")]
    private static extern ref int DocUpto([UnsafeAccessorType(EnumType)] object docs);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "accum")]
    private static extern ref int Accum([UnsafeAccessorType(EnumType)] object docs);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "liveDocs")]
    private static extern ref IBits? LiveDocs([UnsafeAccessorType(EnumType)] object docs);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "RefillDocs")]
    private static extern void RefillDocs([UnsafeAccessorType(EnumType)] object docs);
}
