using SearchService.Engine.Retrieval;

namespace SearchService.Cluster.Shards;

/// <summary>Where a shard is in its life: rebuilding its index from the sources, serving, or failed to build.</summary>
public enum ShardStatus
{
    Rebuilding,
    Ready,
    Failed,
}

/// <summary>A shard as /stats shows it: where it is active, and what it holds.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardState(
    [property: Id(0)] int Id,
    [property: Id(1)] string Node,
    [property: Id(2)] ShardStatus Status,
    [property: Id(3)] int Documents,
    [property: Id(4)] long Passages,
    [property: Id(5)] string? Error = null);

/// <summary>
/// One query as every shard sees it (plain syntax; cluster mode ranks no Lucene syntax, see docs/scale.md).
/// <see cref="Vector"/> is the query's encoder vector, embedded once by the coordinating node: a sentence-encoder pass
/// is the costliest step of a query, and every shard would otherwise repeat it.
/// <see cref="Corrections"/> are the typo corrections the coordinator chose from every shard's vocabulary (null: none
/// looked for yet; each shard adds them to its query exactly as one node's typo tolerance does).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ShardQuery(
    [property: Id(0)] string Text,
    [property: Id(1)] SearchMode Mode,
    [property: Id(2)] QueryVector? Vector = null,
    [property: Id(3)] IReadOnlyList<WordCorrection>? Corrections = null);

/// <summary>A typed word the collection does not know and the vocabulary words searched instead (the engine's <c>Correction</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record WordCorrection(
    [property: Id(0)] int Start,
    [property: Id(1)] int End,
    [property: Id(2)] string Typed,
    [property: Id(3)] IReadOnlyList<CorrectionVariant> Variants)
{
    public static WordCorrection Of(Engine.Spelling.Correction correction) =>
        new(correction.Start, correction.End, correction.Typed, correction.Variants.Select(v => new CorrectionVariant(v.Word, v.Term, v.Edits)).ToList());

    public Engine.Spelling.Correction ToEngine() =>
        new(Start, End, Typed, Variants.Select(v => new Engine.Spelling.Variant(v.Word, v.Term, v.Edits)).ToList());
}

/// <summary>A vocabulary word searched for a typed one (the engine's <c>Variant</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record CorrectionVariant([property: Id(0)] string Word, [property: Id(1)] string Term, [property: Id(2)] int Edits);

/// <summary>
/// A shard's part of typo tolerance: whether the typed query matches one of its passages (then the collection does
/// and nothing is corrected), else each correctable word's inspected vocabulary on this shard.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TypoCandidates([property: Id(0)] bool TypedMatches, [property: Id(1)] IReadOnlyList<WordVocabulary> Words);

/// <summary>A typed word and the vocabulary words the shard's Levenshtein automaton found for it, in term order.</summary>
[GenerateSerializer, Immutable]
public sealed record WordVocabulary([property: Id(0)] string Word, [property: Id(1)] IReadOnlyList<VocabularyCandidate> Candidates);

/// <summary>A vocabulary word with its document frequency on the shard, and whether its analyzed term is in a searchable field there.</summary>
[GenerateSerializer, Immutable]
public sealed record VocabularyCandidate([property: Id(0)] string Word, [property: Id(1)] int DocFreq, [property: Id(2)] bool Known);

/// <summary>
/// A query's encoder vector and the fingerprint of the encoder that made it (model, pooling, token cap, text layout):
/// a shard whose vectors were made by another encoder embeds the query itself rather than compare across spaces.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QueryVector([property: Id(0)] string EncoderFingerprint, [property: Id(1)] float[] Values);

/// <summary>A field's collection statistics (Lucene's <c>CollectionStatistics</c>), summable over shards.</summary>
[GenerateSerializer, Immutable]
public sealed record FieldStatistics(
    [property: Id(0)] string Field,
    [property: Id(1)] long MaxDoc,
    [property: Id(2)] long DocCount,
    [property: Id(3)] long SumTotalTermFreq,
    [property: Id(4)] long SumDocFreq);

/// <summary>A term's statistics (Lucene's <c>TermStatistics</c>), summable over shards.</summary>
[GenerateSerializer, Immutable]
public sealed record TermStatistic(
    [property: Id(0)] string Field,
    [property: Id(1)] string Text,
    [property: Id(2)] long DocFreq,
    [property: Id(3)] long TotalTermFreq);

/// <summary>
/// Phase one of a query (Elasticsearch's dfs phase): the statistics of the fields and terms the query scores with,
/// of one shard or, summed, of the whole collection. <see cref="MaxDoc"/> is the reader's (paging depth bound).
/// <see cref="Unknown"/>: the query's analyzed terms in no searchable field of the shard (typo tolerance's test; the
/// collection does not know a term no shard knows).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record QueryStatistics(
    [property: Id(0)] IReadOnlyList<FieldStatistics> Fields,
    [property: Id(1)] IReadOnlyList<TermStatistic> Terms,
    [property: Id(2)] long MaxDoc,
    [property: Id(3)] IReadOnlyList<string>? Unknown = null);

/// <summary>
/// One candidate of a shard's list. <see cref="Ordinal"/> and <see cref="LocalDoc"/> order passages as one index over
/// every source would (its documents in source order, a document's passages in index order): the tie-break.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ShardHit(
    [property: Id(0)] string PassageId,
    [property: Id(1)] string DocumentId,
    [property: Id(2)] long Ordinal,
    [property: Id(3)] int LocalDoc,
    [property: Id(4)] double Score,
    [property: Id(5)] double? Cosine);

/// <summary>
/// Phase two of a query on one shard: its lexical (BM25 with the collection's statistics) and encoder lists, each at
/// the depth asked, and how many of its passages matched (summed over shards, the real total).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ShardLists(
    [property: Id(0)] bool Ready,
    [property: Id(1)] bool HasEncoder,
    [property: Id(2)] bool LexicalQueried,
    [property: Id(3)] bool SemanticQueried,
    [property: Id(4)] IReadOnlyList<ShardHit> Lexical,
    [property: Id(5)] IReadOnlyList<ShardHit> Semantic,
    [property: Id(6)] long Matches)
{
    public static ShardLists NotReady { get; } = new(false, false, false, false, [], [], 0);
}

/// <summary>
/// A document pushed to the cluster (its durable copy lives in the shard's grain storage): what one node keeps in its
/// pushed folder. A null title (a raw text upload) means "take it from the text".
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ClusterDocument(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Title,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTime? Published = null,
    [property: Id(4)] string? Url = null,
    [property: Id(5)] string? Publisher = null);

/// <summary>The grain state of a shard: the documents pushed to it, in push order.</summary>
[GenerateSerializer]
public sealed class PushedShardDocuments
{
    [Id(0)]
    public List<ClusterDocument> Documents { get; set; } = [];
}

/// <summary>What a push or delete on a shard came to (the transports word it as one node's push does).</summary>
public enum ShardPushStatus
{
    /// <summary>Stored durably and indexed: searchable on every node when the call returns.</summary>
    Indexed,

    /// <summary>Stored (or removed) durably; the shard indexes the change in the background.</summary>
    Pending,

    /// <summary>Removed durably and from the index.</summary>
    Deleted,

    /// <summary>No pushed document has the id.</summary>
    NotFound,

    /// <summary>The id is a document of the sources folder, which push never touches.</summary>
    FolderDocument,
}

/// <summary>
/// The answer of a shard to a push or delete: <see cref="Document"/> is the document as indexed (status
/// <see cref="ShardPushStatus.Indexed"/>), as JSON of the engine's <c>DocumentSummary</c> (see <c>ClusterJson</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ShardPushResult(
    [property: Id(0)] ShardPushStatus Status,
    [property: Id(1)] bool Replaced = false,
    [property: Id(2)] string? Document = null);

/// <summary>An indexed word and the number of this shard's passages holding it (summed over shards: one node's count).</summary>
[GenerateSerializer, Immutable]
public sealed record WordFrequency([property: Id(0)] string Word, [property: Id(1)] int Frequency);

/// <summary>
/// Phase one of a suggestion on one shard: its completion candidates of the last word (in term order, bounded as one
/// node scans), and the statistics of the title words the title query scores with.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SuggestStatistics(
    [property: Id(0)] IReadOnlyList<WordFrequency> Completions,
    [property: Id(1)] QueryStatistics Titles);

/// <summary>A title a shard's title query found, scored with the collection's statistics, with one index's tie-break order.</summary>
[GenerateSerializer, Immutable]
public sealed record TitleHit(
    [property: Id(0)] string Title,
    [property: Id(1)] string DocumentId,
    [property: Id(2)] double Score,
    [property: Id(3)] long Ordinal,
    [property: Id(4)] int LocalDoc);
