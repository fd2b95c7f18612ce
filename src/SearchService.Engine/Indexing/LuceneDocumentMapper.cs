using System.Text;
using System.Text.Json;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Indexing;

/// <summary>Maps parsed documents to Lucene records and back.</summary>
internal static class LuceneDocumentMapper
{
    /// <summary>
    /// The passage text as searched, its postings carrying each token's character offsets: a page's hits are
    /// highlighted from the postings of the query's terms (<see cref="Retrieval.HighlightFinder.FromPostings"/>), one
    /// seek per term and segment, instead of analysing each returned passage again or reading its term vector (which
    /// decompresses a chunk of vectors per hit). Frequencies, positions and norms are a plain <see cref="TextField"/>'s,
    /// so scores do not change; a query that reads positions (phrases) does not read the offsets.
    /// </summary>
    private static readonly FieldType TextWithOffsets = FrozenTextWithOffsets();

    /// <summary>Lucene 4.8's limit on one binary or sorted doc value.</summary>
    private const int MaxDocValueBytes = 32_766;

    public static IEnumerable<Document> ToRecords(ParsedDocument parsed, SourceFingerprint fingerprint, DateTimeOffset indexedAt, string? warning = null)
    {
        // Every passage record carries the document's metadata: serialized once, not once per passage.
        var metadataUtf8 = JsonSerializer.SerializeToUtf8Bytes(parsed.Metadata, EngineJson.Options);
        var metadataJson = Encoding.UTF8.GetString(metadataUtf8);
        var metadataValue = metadataUtf8.Length <= MaxDocValueBytes ? new BytesRef(metadataUtf8) : null;
        foreach (var passage in parsed.Passages)
        {
            yield return ToPassageRecord(passage, parsed.Metadata, metadataJson, metadataValue);
        }

        yield return ToDocumentRecord(parsed, metadataJson, fingerprint, indexedAt, warning);
    }

    /// <summary>A passage record's passage and metadata (<see cref="PassageReader"/>: doc values, else stored JSON).</summary>
    public static (Passage Passage, DocumentMetadata Metadata) ReadHit(IndexReader reader, int doc)
    {
        var (passages, local) = PassageReader.Of(reader, doc);
        return passages.Read(local);
    }

    /// <summary>The metadata of a passage record's document (<see cref="PassageReader"/>), without its passage.</summary>
    public static DocumentMetadata ReadHitMetadata(IndexReader reader, int doc)
    {
        var (passages, local) = PassageReader.Of(reader, doc);
        return passages.ReadMetadata(local);
    }

    /// <summary>A document record's metadata, from its stored JSON.</summary>
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
        var type = new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS };
        type.Freeze();
        return type;
    }

    private static Document ToPassageRecord(Passage passage, DocumentMetadata metadata, string metadataJson, BytesRef? metadataValue)
    {
        var passageUtf8 = JsonSerializer.SerializeToUtf8Bytes(passage, EngineJson.Options);
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
        };

        // What a hit serves: as doc values, both or neither. Only a passage or metadata over the doc-value limit is
        // stored instead (PassageReader reads either): storing every passage's JSON too was a third of the writer's
        // stored-fields work for a copy no reader needed.
        if (passageUtf8.Length <= MaxDocValueBytes && metadataValue is not null)
        {
            record.Add(new BinaryDocValuesField(IndexFields.HitPassage, new BytesRef(passageUtf8)));
            record.Add(new SortedDocValuesField(IndexFields.HitMetadata, metadataValue));
        }
        else
        {
            record.Add(new StoredField(IndexFields.PassageJson, Encoding.UTF8.GetString(passageUtf8)));
            record.Add(new StoredField(IndexFields.MetadataJson, metadataJson));
        }

        if (!string.IsNullOrEmpty(passage.Section))
        {
            record.Add(new TextField(IndexFields.Section, passage.Section, Field.Store.NO));
        }

        FilterFields.AddTo(record, passage, metadata);
        return record;
    }

    private static Document ToDocumentRecord(ParsedDocument parsed, string metadataJson, SourceFingerprint fingerprint, DateTimeOffset indexedAt, string? warning)
    {
        var record = DocumentRecord(parsed, metadataJson, fingerprint, indexedAt);
        record.Add(new BinaryDocValuesField(IndexFields.Manifest, ManifestEntry.Encode(parsed.Metadata, fingerprint, parsed.Passages.Count, indexedAt, warning)));
        if (warning is not null)
        {
            record.Add(new StoredField(IndexFields.Warning, warning));
        }

        return record;
    }

    private static Document DocumentRecord(ParsedDocument parsed, string metadataJson, SourceFingerprint fingerprint, DateTimeOffset indexedAt) => new()
    {
        new StringField(IndexFields.Type, IndexFields.DocumentType, Field.Store.NO),
        new StringField(IndexFields.DocumentId, parsed.Metadata.DocumentId, Field.Store.YES),
        new StoredField(IndexFields.MetadataJson, metadataJson),
        new StoredField(IndexFields.RawText, parsed.RawText),
        new StoredField(IndexFields.ContentHash, fingerprint.ContentHash),
        new StoredField(IndexFields.Length, fingerprint.Length),
        new StoredField(IndexFields.ModifiedTicks, fingerprint.ModifiedUtc.Ticks),
        new StoredField(IndexFields.PassageCount, parsed.Passages.Count),
        new StoredField(IndexFields.IndexedAtTicks, indexedAt.UtcTicks),
        new Field(IndexFields.TitleWords, parsed.Metadata.Title, FilterFields.VocabularyType),
    };
}
