using SearchService.Cluster.Search;
using SearchService.Engine;
using SearchService.Engine.Answers;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Suggest;

namespace SearchService.Api;

/// <summary>
/// Where /search, /ask, /suggest, /documents and their gRPC twins are answered: this node's engine and catalog, or in cluster mode
/// (<c>Search:Cluster:Enabled</c>) the cluster: scatter-gather over every shard for a search (answers say
/// <c>partial</c> when shards are missing), /ask built on that search, the owning shard for a document, every shard's list merged for the list.
/// </summary>
public sealed class SearchFront(SearchEngine engine, DocumentCatalog catalog, AnswerExtractor answers, Suggester suggester, IServiceProvider services)
{
    private readonly ClusterSuggest? _clusterSuggest = services.GetService<ClusterSuggest>();
    private readonly ClusterSearch? _cluster = services.GetService<ClusterSearch>();
    private readonly ClusterCatalog? _clusterCatalog = services.GetService<ClusterCatalog>();
    private readonly ClusterAnswers? _clusterAnswers = services.GetService<ClusterAnswers>();

    public async Task<SearchResponse> Search(SearchRequest request, CancellationToken cancellationToken) =>
        _cluster is null ? engine.Search(request, cancellationToken) : (await _cluster.Search(request, cancellationToken)).Response;

    /// <summary>The answer to a question, from this node's index or, in cluster mode, from the cluster's search results.</summary>
    public async Task<AskResponse> Ask(SearchRequest request, CancellationToken cancellationToken) =>
        _clusterAnswers is null ? answers.Ask(request, cancellationToken) : await _clusterAnswers.Ask(request, cancellationToken);

    /// <summary>Completions of what has been typed, from this node's index or every shard's (a 503 while a shard is rebuilding).</summary>
    public async Task<SuggestResponse> Suggest(SuggestRequest request, CancellationToken cancellationToken) =>
        _clusterSuggest is null ? suggester.Suggest(request) : await _clusterSuggest.Suggest(request, cancellationToken);

    /// <summary>Every document, in id order (in cluster mode a 503 while a shard is rebuilding rather than a short list).</summary>
    public async Task<IReadOnlyList<DocumentSummary>> ListDocuments(CancellationToken cancellationToken) =>
        _clusterCatalog is null ? catalog.List() : await _clusterCatalog.List(cancellationToken);

    /// <summary>A document with its raw text and passages; null when no document has the id.</summary>
    public async Task<DocumentDetail?> GetDocument(string id, CancellationToken cancellationToken) =>
        _clusterCatalog is null ? catalog.Get(id) : await _clusterCatalog.Get(id, cancellationToken);

    /// <summary>The cluster's nodes and shards for /stats; null on a single node.</summary>
    public async Task<ClusterOverview?> ClusterOverview(CancellationToken cancellationToken) =>
        _cluster is null ? null : await _cluster.Overview(cancellationToken);
}
