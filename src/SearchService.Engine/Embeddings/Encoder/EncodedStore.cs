using System.Runtime.InteropServices;
using System.Text;

namespace SearchService.Engine.Embeddings.Encoder;

/// <summary>
/// Persists the encoder vectors of an index as one file, <c>vectors/encoder.bin</c>, beside the LSA generations:
/// written to a temporary file, flushed and renamed over the old one, so a crash leaves the old file or the new
/// one. The file is not trusted as a map of passage ids: at start its rows are offered by text hash, so a passage
/// whose text changed while the service was down is encoded again, and an unchanged one is not.
/// </summary>
public sealed class EncodedStore(string indexPath)
{
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "SSENC"u8.ToArray();

    public string FilePath { get; } = Path.Combine(indexPath, "vectors", "encoder.bin");

    public void Save(EncodedSet set)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temporary = FilePath + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                Write(writer, set);
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }

    /// <summary>The saved set when it was made by the encoder of <paramref name="fingerprint"/>; else null (re-encode).</summary>
    public EncodedSet? TryLoad(string fingerprint, out string? problem)
    {
        problem = null;
        if (!File.Exists(FilePath))
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(FilePath), Encoding.UTF8);
            var set = Read(reader);
            if (set.Fingerprint != fingerprint)
            {
                problem = $"made by encoder '{set.Fingerprint}', now '{fingerprint}'";
                return null;
            }

            return set;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            problem = ex.Message;
            return null;
        }
    }

    internal static void Write(BinaryWriter writer, EncodedSet set)
    {
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(set.Fingerprint);
        writer.Write(set.Count);
        writer.Write(set.Vectors.Dimensions);
        for (var row = 0; row < set.Count; row++)
        {
            writer.Write(set.PassageIds[row]);
            var hash = set.TextHashes[row];
            writer.Write(MemoryMarshal.AsBytes(new ReadOnlySpan<UInt128>(in hash)));
        }

        writer.Write(MemoryMarshal.AsBytes(set.Vectors.Data.AsSpan()));
    }

    internal static EncodedSet Read(BinaryReader reader)
    {
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException($"not an encoder vector file of format {FormatVersion}.");
        }

        var fingerprint = reader.ReadString();
        var count = reader.ReadInt32();
        var dimensions = reader.ReadInt32();
        if (count < 0 || dimensions <= 0 || (long)count * dimensions > int.MaxValue)
        {
            throw new InvalidDataException($"declares {count} vectors of {dimensions} dimensions.");
        }

        var ids = new string[count];
        var hashes = new UInt128[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = reader.ReadString();
            var bytes = reader.ReadBytes(16);
            if (bytes.Length != 16)
            {
                throw new InvalidDataException("truncated.");
            }

            hashes[i] = MemoryMarshal.Read<UInt128>(bytes);
        }

        var data = new float[count * dimensions];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));

        return new EncodedSet(fingerprint, ids, hashes, new VectorMatrix(data, dimensions));
    }
}
