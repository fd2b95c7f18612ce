using System.Text.Json;
using Lucene.Net.Index;
using Lucene.Net.Util;
using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Indexing;

/// <summary>
/// Reads passage records of one segment: their passage and document metadata from the hit doc values
/// (<see cref="IndexFields.HitPassage"/>, <see cref="IndexFields.HitMetadata"/>), else from the stored JSON fields.
/// </summary>
/// <remarks>
/// Since schema 6 a passage stores its JSON only when it does not fit a doc value (over 32 KB); before, every passage
/// stored it as well (a third of the writer's stored-fields work, for a copy nothing read). Doc values first, stored
/// fields second reads both layouts, and a segment holding both (an index of schema 5 updated by this version).
/// Not thread-safe: one per reading thread and segment.
/// </remarks>
internal sealed class PassageReader
{
    private readonly AtomicReader _segment;
    private readonly BinaryDocValues? _passages;
    private readonly SortedDocValues? _metadata;
    private readonly BytesRef _passage = new();
    private readonly BytesRef _meta = new();

    public PassageReader(AtomicReader segment)
    {
        _segment = segment;
        _passages = segment.GetBinaryDocValues(IndexFields.HitPassage);
        _metadata = segment.GetSortedDocValues(IndexFields.HitMetadata);
    }

    /// <summary>The reader of the segment holding <paramref name="doc"/> (a top-level doc id), and the doc's id in it.</summary>
    public static (PassageReader Reader, int Doc) Of(IndexReader reader, int doc)
    {
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        return (new PassageReader(leaf.AtomicReader), doc - leaf.DocBase);
    }

    /// <summary>The passage record's passage and its document's metadata.</summary>
    public (Passage Passage, DocumentMetadata Metadata) Read(int doc)
    {
        if (PassageValue(doc) is { } passage && MetadataValue(doc) is { } metadata)
        {
            return (passage, metadata);
        }

        var stored = Stored(doc);
        return (
            JsonSerializer.Deserialize<Passage>(stored.PassageJson!, EngineJson.Options)!,
            JsonSerializer.Deserialize<DocumentMetadata>(stored.MetadataJson!, EngineJson.Options)!);
    }

    /// <summary>The metadata of the passage record's document (a title for a ranking feature), without its passage.</summary>
    public DocumentMetadata ReadMetadata(int doc) =>
        MetadataValue(doc) ?? JsonSerializer.Deserialize<DocumentMetadata>(Stored(doc).MetadataJson!, EngineJson.Options)!;

    private Passage? PassageValue(int doc)
    {
        _passages?.Get(doc, _passage);
        return _passages is null || _passage.Length == 0
            ? null
            : JsonSerializer.Deserialize<Passage>(_passage.Bytes.AsSpan(_passage.Offset, _passage.Length), EngineJson.Options)!;
    }

    private DocumentMetadata? MetadataValue(int doc)
    {
        _metadata?.Get(doc, _meta);
        return _metadata is null || _meta.Length == 0
            ? null
            : JsonSerializer.Deserialize<DocumentMetadata>(_meta.Bytes.AsSpan(_meta.Offset, _meta.Length), EngineJson.Options)!;
    }

    private HitFieldsVisitor Stored(int doc)
    {
        var fields = new HitFieldsVisitor();
        _segment.Document(doc, fields);
        if (fields.PassageJson is null || fields.MetadataJson is null)
        {
            throw new InvalidOperationException($"Record {doc} of segment {_segment} is no passage record: it has neither hit doc values nor stored passage JSON.");
        }

        return fields;
    }
}
