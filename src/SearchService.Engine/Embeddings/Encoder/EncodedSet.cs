using System.Security.Cryptography;
using System.Text;

namespace SearchService.Engine.Embeddings.Encoder;

/// <summary>
/// Encoder vectors of passages: a row per passage with its id, the hash of the text that was encoded, and the
/// unit-length vector. Immutable; a new generation is a new set. The text hash lets a vector be reused for the
/// same text under another id or after a restart, and never for changed text.
/// </summary>
public sealed class EncodedSet
{
    private readonly Dictionary<string, int> _rowOf;

    public EncodedSet(string fingerprint, IReadOnlyList<string> passageIds, IReadOnlyList<UInt128> textHashes, VectorMatrix vectors)
    {
        if (passageIds.Count != vectors.Count || textHashes.Count != vectors.Count)
        {
            throw new ArgumentException($"{passageIds.Count} ids and {textHashes.Count} hashes for {vectors.Count} vectors.", nameof(passageIds));
        }

        Fingerprint = fingerprint;
        PassageIds = passageIds;
        TextHashes = textHashes;
        Vectors = vectors;
        _rowOf = new Dictionary<string, int>(passageIds.Count, StringComparer.Ordinal);
        for (var row = 0; row < passageIds.Count; row++)
        {
            _rowOf[passageIds[row]] = row;
        }
    }

    /// <summary>The <see cref="SentenceEncoder.Fingerprint"/> of the encoder that made every vector of the set.</summary>
    public string Fingerprint { get; }

    public IReadOnlyList<string> PassageIds { get; }

    public IReadOnlyList<UInt128> TextHashes { get; }

    public VectorMatrix Vectors { get; }

    public int Count => PassageIds.Count;

    /// <summary>
    /// The approximate nearest-neighbour index over the vectors, attached to a complete set at least
    /// <see cref="EncoderOptions.AnnThreshold"/> rows large before it is published; null: the exact scan.
    /// </summary>
    public NearestNeighbours? Nearest { get; internal set; }

    /// <summary>What the rows are (ids, text hashes, vectors): names the saved nearest-neighbour index made for exactly them.</summary>
    internal string ContentHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var row = 0; row < Count; row++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(PassageIds[row]));
            var text = TextHashes[row];
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<UInt128>(in text)));
        }

        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Vectors.Data.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    public static EncodedSet Empty(string fingerprint, int dimensions) => new(fingerprint, [], [], new VectorMatrix([], dimensions));

    /// <summary>The hash that keys a passage text's vector (first 128 bits of SHA-256 of its UTF-8).</summary>
    public static UInt128 HashOf(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    public bool TryGetRow(string passageId, out int row) => _rowOf.TryGetValue(passageId, out row);

    /// <summary>This set without the passages of <paramref name="documents"/> (their text may have changed).</summary>
    public EncodedSet Without(IReadOnlySet<string> documents) =>
        documents.Count == 0 ? this : Select(Enumerable.Range(0, Count).Where(row => !documents.Contains(DocumentOf(PassageIds[row]))).ToList());

    /// <summary>This set plus new rows (a passage already present keeps its old row).</summary>
    public EncodedSet With(IReadOnlyList<(string PassageId, UInt128 Hash, float[] Vector)> rows)
    {
        var added = rows.Where(r => !_rowOf.ContainsKey(r.PassageId)).ToList();
        if (added.Count == 0)
        {
            return this;
        }

        var dimensions = Vectors.Dimensions;
        var data = new float[(Count + added.Count) * dimensions];
        Vectors.Data.CopyTo(data, 0);
        for (var i = 0; i < added.Count; i++)
        {
            added[i].Vector.CopyTo(data, (Count + i) * dimensions);
        }

        return new EncodedSet(Fingerprint, [.. PassageIds, .. added.Select(r => r.PassageId)], [.. TextHashes, .. added.Select(r => r.Hash)], new VectorMatrix(data, dimensions));
    }

    private EncodedSet Select(IReadOnlyList<int> rows)
    {
        var dimensions = Vectors.Dimensions;
        var data = new float[rows.Count * dimensions];
        for (var i = 0; i < rows.Count; i++)
        {
            Vectors.Row(rows[i]).CopyTo(data.AsSpan(i * dimensions, dimensions));
        }

        return new EncodedSet(Fingerprint, rows.Select(r => PassageIds[r]).ToList(), rows.Select(r => TextHashes[r]).ToList(), new VectorMatrix(data, dimensions));
    }

    // Passage ids are "<documentId>#<ordinal>"; a document id may itself contain '#'.
    private static string DocumentOf(string passageId) => passageId[..Math.Max(0, passageId.LastIndexOf('#'))];
}
