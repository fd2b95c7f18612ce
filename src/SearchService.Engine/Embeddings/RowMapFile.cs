using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace SearchService.Engine.Embeddings;

/// <summary>
/// The vector row of every document of one Lucene segment: <see cref="NoRow"/> for a passage without a vector,
/// <see cref="NotAPassage"/> for a record that is no passage. A segment's documents never change once written (only
/// deletions do, and those are applied from the reader's live docs when the map is used), so the rows of a segment
/// name stay right for as long as the vector rows they point at stay the same.
/// </summary>
internal sealed record SegmentRows(string Segment, int[] RowOfDoc)
{
    public const int NoRow = -1;
    public const int NotAPassage = -2;
}

/// <summary>
/// Persists the doc → vector-row map of one vector generation (<c>vectors/gen-N/rows.bin</c>), so a restart with
/// unchanged data reads it instead of looking up every passage id. Written to a temporary file and renamed into
/// place; the payload ends with its SHA-256, so a torn or corrupt file is detected and ignored (the caller scans
/// the segments instead and writes the file again). Never trusted blindly: the reader of the rows checks a sample
/// of each segment's rows against the passage ids (<c>Indexing.PassageRows</c>).
/// </summary>
internal sealed class RowMapFile(string path)
{
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "SSROW"u8.ToArray();

    public string Path { get; } = path;

    /// <summary>The saved segments when the file exists, is intact and was written for <paramref name="rows"/> rows; else empty.</summary>
    public IReadOnlyDictionary<string, SegmentRows> Load(int rows)
    {
        try
        {
            if (!File.Exists(Path))
            {
                return Empty;
            }

            var bytes = File.ReadAllBytes(Path);
            const int hashLength = 32;
            if (bytes.Length < Magic.Length + hashLength
                || !SHA256.HashData(bytes.AsSpan(0, bytes.Length - hashLength)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - hashLength)))
            {
                return Empty;
            }

            using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - hashLength), Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != FormatVersion || reader.ReadInt32() != rows)
            {
                return Empty;
            }

            var count = reader.ReadInt32();
            var segments = new Dictionary<string, SegmentRows>(Math.Max(0, count), StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var maxDoc = reader.ReadInt32();
                if (maxDoc < 0 || (long)maxDoc * sizeof(int) > reader.BaseStream.Length - reader.BaseStream.Position)
                {
                    return Empty;
                }

                var rowOfDoc = new int[maxDoc];
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(rowOfDoc.AsSpan()));
                segments[name] = new SegmentRows(name, rowOfDoc);
            }

            return segments;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EndOfStreamException or FormatException)
        {
            return Empty;
        }
    }

    /// <summary>Writes the map; a failure to write only costs the next start a scan, so it is swallowed.</summary>
    public void Save(int rows, IReadOnlyList<SegmentRows> segments)
    {
        var temporary = $"{Path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(Magic);
                    writer.Write(FormatVersion);
                    writer.Write(rows);
                    writer.Write(segments.Count);
                    foreach (var segment in segments)
                    {
                        writer.Write(segment.Segment);
                        writer.Write(segment.RowOfDoc.Length);
                        writer.Write(MemoryMarshal.AsBytes(segment.RowOfDoc.AsSpan()));
                    }
                }

                var payload = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
                using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                stream.Write(payload);
                stream.Write(SHA256.HashData(payload));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
        }
    }

    private static readonly IReadOnlyDictionary<string, SegmentRows> Empty = new Dictionary<string, SegmentRows>(StringComparer.Ordinal);

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The folder is gone (pruned generation); nothing to clean.
        }
    }
}
