using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Indexing;

/// <summary>
/// The passage fields that filters, facets, date sort and the word vocabulary read: kind and publication date indexed
/// (for Lucene filters) and as doc values (for facet counts and sorting without loading stored fields), and the
/// passage's words unstemmed. None of them is scored, so BM25 rankings are the same with or without them.
/// </summary>
internal static class FilterFields
{
    /// <summary>Indexed words with document frequencies only: no norms, positions or frequencies to store.</summary>
    public static readonly FieldType VocabularyType = Frozen(new FieldType
    {
        IsIndexed = true,
        IsTokenized = true,
        IsStored = false,
        OmitNorms = true,
        IndexOptions = IndexOptions.DOCS_ONLY,
    });

    public static void AddTo(Document record, Passage passage, DocumentMetadata metadata)
    {
        var kind = KindName(passage.Kind);
        record.Add(new StringField(IndexFields.Kind, kind, Field.Store.NO));
        record.Add(new SortedDocValuesField(IndexFields.Kind, new BytesRef(kind)));
        if (metadata.Published is { } published)
        {
            record.Add(new Int64Field(IndexFields.Published, published.Ticks, Field.Store.NO));
            record.Add(new NumericDocValuesField(IndexFields.Published, published.Ticks));
        }

        record.Add(new Field(IndexFields.Words, passage.Text, VocabularyType));
    }

    /// <summary>The kind as the API names it (camelCase, as the JSON enum converter writes it).</summary>
    public static string KindName(PassageKind kind) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    private static FieldType Frozen(FieldType type)
    {
        type.Freeze();
        return type;
    }
}
