using System.Text.Json;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Indexing;

/// <summary>Maps parsed documents to Lucene records and back.</summary>
internal static class LuceneDocumentMapper
{
    /// <summary>
    /// The passage text as searched, plus a term vector with offsets: hits are highlighted from the offsets the index
    /// stored instead of analysing each returned passage again (<see cref="Retrieval.HighlightFinder.FromTermVector"/>).
    /// Postings and norms are those of a plain <see cref="TextField"/>, so scores do not change.
    /// </summary>
    private static readonly FieldType TextWithOffsets = FrozenTextWithOffsets();

    public static IEnumerable<Document> ToRecords(ParsedDocument parsed, SourceFingerprint fingerprint, DateTimeOffset indexedAt, string? warning = null)
    {
        // Every passage record carries the document's metadata: serialized once, not once per passage.
        var metadataJson = JsonSerializer.Serialize(parsed.Metadata, EngineJson.Options);
        foreach (var passage in parsed.Passages)
        {
            yield return ToPassageRecord(passage, parsed.Metadata, metadataJson);
        }

        yield return ToDocumentRecord(parsed, fingerprint, indexedAt, warning);
    }

    public static Passage ReadPassage(Document record) =>
        JsonSerializer.Deserialize<Passage>(record.Get(IndexFields.PassageJson), EngineJson.Options)!;

    public static DocumentMetadata ReadMetadata(Document record) =>
        JsonSerializer.Deserialize<DocumentMetadata>(record.Get(IndexFields.MetadataJson), EngineJson.Options)!;

    public static IndexedDocument ReadIndexedDocument(Document record) => new(
        ReadMetadata(record),
        new SourceFingerprint(
            record.Get(IndexFields.ContentHash),
            record.GetField(IndexFields.Length).GetInt64Value() ?? 0,
            new DateTime(record.GetField(IndexFields.ModifiedTicks).GetInt64Value() ?? 0, DateTimeKind.Utc)),
        record.GetField(IndexFields.PassageCount).GetInt32Value() ?? 0,
        new DateTimeOffset(record.GetField(IndexFields.IndexedAtTicks).GetInt64Value() ?? 0, TimeSpan.Zero),
        record.Get(IndexFields.Warning));

    private static FieldType FrozenTextWithOffsets()
    {
        var type = new FieldType(TextField.TYPE_NOT_STORED) { StoreTermVectors = true, StoreTermVectorOffsets = true };
        type.Freeze();
        return type;
    }

    private static Document ToPassageRecord(Passage passage, DocumentMetadata metadata, string metadataJson)
    {
        var record = new Document
        {
            new StringField(IndexFields.Type, IndexFields.PassageType, Field.Store.NO),
            new StringField(IndexFields.DocumentId, passage.DocumentId, Field.Store.YES),
            new StringField(IndexFields.PassageId, passage.PassageId, Field.Store.YES),

            // Doc values give a ranking its ids without decompressing stored fields.
            new SortedDocValuesField(IndexFields.PassageId, new BytesRef(passage.PassageId)),
            new SortedDocValuesField(IndexFields.DocumentId, new BytesRef(passage.DocumentId)),
            new Field(IndexFields.Text, passage.Text, TextWithOffsets),
            new TextField(IndexFields.Title, metadata.Title, Field.Store.NO),
            new StoredField(IndexFields.PassageJson, JsonSerializer.Serialize(passage, EngineJson.Options)),
            new StoredField(IndexFields.MetadataJson, metadataJson),
        };
        if (!string.IsNullOrEmpty(passage.Section))
        {
            record.Add(new TextField(IndexFields.Section, passage.Section, Field.Store.NO));
        }

        FilterFields.AddTo(record, passage, metadata);
        return record;
    }

    private static Document ToDocumentRecord(ParsedDocument parsed, SourceFingerprint fingerprint, DateTimeOffset indexedAt, string? warning)
    {
        var record = DocumentRecord(parsed, fingerprint, indexedAt);
        record.Add(new BinaryDocValuesField(IndexFields.Manifest, ManifestEntry.Encode(parsed.Metadata, fingerprint, parsed.Passages.Count, indexedAt, warning)));
        if (warning is not null)
        {
            record.Add(new StoredField(IndexFields.Warning, warning));
        }

        return record;
    }

    private static Document DocumentRecord(ParsedDocument parsed, SourceFingerprint fingerprint, DateTimeOffset indexedAt) => new()
    {
        new StringField(IndexFields.Type, IndexFields.DocumentType, Field.Store.NO),
        new StringField(IndexFields.DocumentId, parsed.Metadata.DocumentId, Field.Store.YES),
        new StoredField(IndexFields.MetadataJson, JsonSerializer.Serialize(parsed.Metadata, EngineJson.Options)),
        new StoredField(IndexFields.RawText, parsed.RawText),
        new StoredField(IndexFields.ContentHash, fingerprint.ContentHash),
        new StoredField(IndexFields.Length, fingerprint.Length),
        new StoredField(IndexFields.ModifiedTicks, fingerprint.ModifiedUtc.Ticks),
        new StoredField(IndexFields.PassageCount, parsed.Passages.Count),
        new StoredField(IndexFields.IndexedAtTicks, indexedAt.UtcTicks),
        new Field(IndexFields.TitleWords, parsed.Metadata.Title, FilterFields.VocabularyType),
    };
}
