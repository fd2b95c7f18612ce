namespace SearchService.Engine.Indexing;

/// <summary>
/// The index holds two kinds of Lucene document: one per passage (searchable), and one per source document
/// (its metadata, raw text and content fingerprint). Keeping the document record in the same index means the
/// manifest of content hashes commits atomically with the passages it describes: after a crash, the two agree.
/// </summary>
internal static class IndexFields
{
    public const string Type = "type";
    public const string PassageType = "passage";
    public const string DocumentType = "document";

    /// <summary>Document id on every record of a document, so one term deletes or replaces all of them.</summary>
    public const string DocumentId = "doc";
    public const string PassageId = "id";

    public const string Text = "text";
    public const string Title = "title";
    public const string Section = "section";

    /// <summary>A passage's JSON, stored only when over the doc-value limit (else <see cref="HitPassage"/>); every passage up to schema 5.</summary>
    public const string PassageJson = "passage.json";
    public const string MetadataJson = "meta.json";
    public const string RawText = "raw";
    public const string ContentHash = "hash";
    public const string Length = "length";
    public const string ModifiedTicks = "modified";
    public const string PassageCount = "passages";
    public const string IndexedAtTicks = "indexedAt";
    public const string Warning = "warning";

    /// <summary>
    /// A passage's JSON as a binary doc value (UTF-8): what a hit serves, read without decompressing a chunk of stored
    /// fields per hit. Absent when over Lucene's doc-value size limit (then <see cref="PassageJson"/> is stored).
    /// </summary>
    public const string HitPassage = "hit.passage";

    /// <summary>The passage's document metadata JSON (<see cref="MetadataJson"/>) as a sorted doc value: stored once per document, not per passage.</summary>
    public const string HitMetadata = "hit.meta";

    /// <summary>The document record's manifest entry as a binary doc value (<see cref="ManifestEntry"/>).</summary>
    public const string Manifest = "manifest";

    /// <summary>Passage kind ("paragraph", "caption", "question"): indexed for filters, doc values for facets.</summary>
    public const string Kind = "kind";

    /// <summary>The document's publication date in UTC ticks, on passages of dated documents only: range filters, date sort and the year facet.</summary>
    public const string Published = "published";

    /// <summary>
    /// The passage's words as typed, lower-cased and folded but not stemmed or stop-listed: the vocabulary that typo
    /// correction and suggestions draw from (a stem such as "diplomaci" is no word to show a person).
    /// </summary>
    public const string Words = "words";

    /// <summary>The document title's words, analyzed as <see cref="Words"/>, on document records: title suggestions.</summary>
    public const string TitleWords = "titlewords";

    /// <summary>The fields a plain-text query searches.</summary>
    public static readonly string[] Searchable = [Text, Title, Section];

    /// <summary>Commit user-data key holding the schema and analysis fingerprint the index was built with.</summary>
    public const string SchemaKey = "searchservice.schema";
    // 5: offsets in the text field's postings instead of a term vector per passage (highlights from postings), and a
    // hit's passage and metadata JSON as doc values (HitPassage, HitMetadata).
    // 6: a passage stores its JSON (PassageJson, MetadataJson) only when it is too large for the hit doc values.
    public const string SchemaVersion = "6";

    /// <summary>
    /// The older schema this version serves without rebuilding (5: every passage also stored its JSON, which
    /// <see cref="PassageReader"/> reads when a doc value is missing). Once this version commits to such an index, the
    /// index carries <see cref="SchemaVersion"/>, which an older build rebuilds rather than misreads.
    /// </summary>
    public const string ReadableSchemaVersion = "5";
}
