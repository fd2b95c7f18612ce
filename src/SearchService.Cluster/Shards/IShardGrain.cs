using Orleans.Concurrency;

namespace SearchService.Cluster.Shards;

/// <summary>
/// One shard of the corpus (key: shard id 0..N−1). It owns a Lucene index and its encoder vectors on the local disk of
/// the silo it is active on, rebuilt on activation from the durable sources: the documents of the shared sources
/// folder that hash to it and the documents pushed to it (grain storage). Reads interleave: a shard answers many
/// queries at once, and a rebuilding shard answers "not ready" at once.
/// </summary>
public interface IShardGrain : IGrainWithIntegerKey
{
    [AlwaysInterleave]
    Task<ShardState> GetState();

    /// <summary>Phase one: the shard's statistics for the query's fields and terms.</summary>
    [AlwaysInterleave]
    Task<QueryStatistics?> GetStatistics(ShardQuery query);

    /// <summary>Phase two: the shard's lists at <paramref name="depth"/>, BM25 scored with the collection's statistics.</summary>
    [AlwaysInterleave]
    Task<ShardLists> Rank(ShardQuery query, QueryStatistics collection, int depth);

    /// <summary>The hits of the page (text, snippet, citation) of the given passages of this shard, as JSON (the engine's <c>SearchHit</c>).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> Fetch(IReadOnlyList<string> passageIds, ShardQuery query);

    /// <summary>Typo tolerance on this shard: whether the typed query matches here, else the vocabulary near the unknown words; null while rebuilding.</summary>
    [AlwaysInterleave]
    Task<TypoCandidates?> GetTypoCandidates(ShardQuery query, IReadOnlyList<string> unknown);

    /// <summary>Every document id this shard holds (for checks that nothing is lost or duplicated).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> GetDocumentIds();

    /// <summary>Stores the document durably, then indexes it; the shard must be the one its id hashes to.</summary>
    Task Push(ClusterDocument document);

    /// <summary>
    /// Push as the API does it: a document of the sources folder is refused; otherwise stored durably, then indexed
    /// (awaited when <paramref name="wait"/>, in the background otherwise). The shard must be the one its id hashes to.
    /// </summary>
    Task<ShardPushResult> Put(ClusterDocument document, bool wait);

    /// <summary>Removes a pushed document from grain storage, then from the index (awaited when <paramref name="wait"/>).</summary>
    Task<ShardPushResult> Remove(string documentId, bool wait);

    /// <summary>Whether the id is a document of the sources folder on this shard (waits for the shard's build).</summary>
    [AlwaysInterleave]
    Task<bool> IsFolderDocument(string documentId);

    /// <summary>Every document of this shard as <c>/documents</c> lists it, as JSON (see <c>ClusterJson</c>); empty while rebuilding.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>?> ListDocuments();

    /// <summary>The statistics of the given analyzed terms in the text field (for /ask's idf weights); null while rebuilding.</summary>
    [AlwaysInterleave]
    Task<QueryStatistics?> GetTextStatistics(IReadOnlyList<string> terms);

    /// <summary>The raw texts of those of the documents this shard holds; empty while rebuilding.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyDictionary<string, string>> GetRawTexts(IReadOnlyList<string> documentIds);

    /// <summary>Phase one of <c>/suggest</c>: completion candidates and title-word statistics; null while rebuilding.</summary>
    [AlwaysInterleave]
    Task<SuggestStatistics?> GetSuggestStatistics(string query);

    /// <summary>Phase two of <c>/suggest</c>: the shard's best titles scored with the collection's statistics; null while rebuilding.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<TitleHit>?> SuggestTitles(string query, QueryStatistics collection, int k);

    /// <summary>A document with its raw text and passages, as JSON; null when the shard does not hold it.</summary>
    [AlwaysInterleave]
    Task<string?> GetDocument(string documentId);
}
