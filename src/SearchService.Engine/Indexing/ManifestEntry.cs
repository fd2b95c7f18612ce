using System.Text;
using System.Text.Json;
using Lucene.Net.Util;
using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Indexing;

/// <summary>
/// A document record's manifest entry (<see cref="IndexedDocument"/>) as one binary doc value: reading the manifest
/// at open then touches no stored fields. Reading it from stored fields decompressed nearly every stored-fields chunk
/// of the index (document records, with their raw text, sit between the passages' stored JSON) and was half of a
/// 100k-passage restart (docs/benchmarks.md, "Restart"). An entry that would not fit a doc value, or a record
/// written before entries existed (an empty value), is read from stored fields as before.
/// </summary>
internal static class ManifestEntry
{
    private const byte Format = 1;

    /// <summary>Lucene 4.8's limit on one binary doc value.</summary>
    private const int MaxBytes = 32_766;

    public static BytesRef Encode(DocumentMetadata metadata, SourceFingerprint fingerprint, int passageCount, DateTimeOffset indexedAt, string? warning)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Format);
            writer.Write(JsonSerializer.Serialize(metadata, EngineJson.Options));
            writer.Write(fingerprint.ContentHash);
            writer.Write(fingerprint.Length);
            writer.Write(fingerprint.ModifiedUtc.Ticks);
            writer.Write(passageCount);
            writer.Write(indexedAt.UtcTicks);
            writer.Write(warning is not null);
            writer.Write(warning ?? string.Empty);
        }

        // Too large for a doc value: an empty one says "read the stored fields".
        return buffer.Length > MaxBytes ? new BytesRef() : new BytesRef(buffer.ToArray());
    }

    /// <summary>Whether <paramref name="value"/> holds an entry <see cref="Decode"/> reads (not empty, this format).</summary>
    public static bool HasEntry(BytesRef value) => value.Length > 0 && value.Bytes[value.Offset] == Format;

    /// <summary>The entry, or null when the value is empty (the caller reads the record's stored fields).</summary>
    public static IndexedDocument? Decode(BytesRef value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        using var reader = new BinaryReader(new MemoryStream(value.Bytes, value.Offset, value.Length, writable: false), Encoding.UTF8);
        if (reader.ReadByte() != Format)
        {
            return null;
        }

        var metadata = JsonSerializer.Deserialize<DocumentMetadata>(reader.ReadString(), EngineJson.Options)!;
        var fingerprint = new SourceFingerprint(reader.ReadString(), reader.ReadInt64(), new DateTime(reader.ReadInt64(), DateTimeKind.Utc));
        var passages = reader.ReadInt32();
        var indexedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var hasWarning = reader.ReadBoolean();
        var warning = reader.ReadString();
        return new IndexedDocument(metadata, fingerprint, passages, indexedAt, hasWarning ? warning : null);
    }
}
