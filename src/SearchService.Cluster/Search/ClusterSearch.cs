using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SearchService.Cluster.Shards;
using SearchService.Engine;
using SearchService.Engine.Embeddings.Encoder;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ranking;
using SearchService.Engine.Ranking.Fusion;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Spelling;

namespace SearchService.Cluster.Search;

/// <summary>
/// Scatter-gather over the shard grains, as Elasticsearch's <c>dfs_query_then_fetch</c>: (1) every shard reports the
/// statistics of the query's fields and terms, summed into the collection's; (2) every shard ranks with those, so a
/// BM25 score is the one a single index over all documents gives; the lists are merged (ties in that index's doc
/// order) and, in hybrid, fused by the engine's own fusion over the merged lists; (3) only the page's passages are
/// fetched, from the shards that hold them. A shard that does not answer in time is left out and named.
/// </summary>
public sealed class ClusterSearch(IGrainFactory grains, IOptions<ClusterOptions> cluster, IOptions<SearchOptions> search, ClusterMetrics? metrics = null)
{
    private readonly ClusterTypoTolerance typo = new(grains, cluster, search);

    private RankingOptions Ranking => search.Value.Ranking;

    private int ShardCount => cluster.Value.Shards;

    /// <summary>The top <paramref name="depth"/> passage ids and scores, as one node's <see cref="SearchEngine.Rank"/> gives them.</summary>
    public async Task<ClusterRanking> Rank(string query, int depth, SearchMode mode, CancellationToken cancellationToken = default)
    {
        var (ranked, registry, missing, _) = await RankCandidates(Query(query, mode), depth, cancellationToken);
        var passages = ranked.Candidates.Take(depth)
            .Select(c => registry.Hit(c.Doc))
            .Zip(ranked.Candidates, (hit, c) => new RankedPassage(hit.PassageId, hit.DocumentId, c.Fused))
            .ToList();
        return new ClusterRanking(ranked.Total, passages, ranked.Mode, missing);
    }

    /// <summary>A page of hits with text, snippets and citations, as one node's <see cref="SearchEngine.Search(SearchRequest, CancellationToken)"/> answers.</summary>
    /// <exception cref="InvalidQueryException">A request cluster mode does not serve (Lucene syntax, learned mode, filters, facets, date order).</exception>
    public async Task<ClusterSearchResponse> Search(SearchRequest request, CancellationToken cancellationToken = default)
    {
        Supported(request);
        var clock = Stopwatch.StartNew();
        var (ranked, registry, missing, query) = await RankCandidates(Query(request.Query, request.Mode), request.Offset + request.K, cancellationToken);
        var page = ranked.Candidates.Skip(request.Offset).Take(request.K).ToList();
        var explained = request.Explain ? ranked.Explain(request.Offset, request.K) : null;
        var fetched = await Fetch(page.Select(c => c.Doc).ToList(), registry, query with { Vector = null }, cancellationToken);
        var hits = page
            .Select((c, i) => fetched.TryGetValue(registry.Hit(c.Doc).PassageId, out var hit)
                ? hit with { Rank = request.Offset + i + 1, Score = c.Fused, Scores = explained?[i] }
                : null)
            .OfType<SearchHit>()
            .ToList();
        var notes = missing.Count > 0 ? new[] { $"partial: shards {string.Join(", ", missing)} did not answer (rebuilding, or their node left the cluster)" } : null;
        var didYouMean = query.Corrections is { Count: > 0 } corrections ? TypoTolerance.DidYouMean(request.Query, corrections.Select(c => c.ToEngine()).ToList()) : null;
        var response = new SearchResponse(request.Query, ranked.Total, clock.Elapsed.TotalMilliseconds, hits, ranked.Mode, missing.Count > 0, notes, DidYouMean: didYouMean)
        {
            Partial = missing.Count > 0,
            MissingShards = missing,
        };
        return new ClusterSearchResponse(response, missing);
    }

    /// <summary>Every shard's state, in shard order (a shard that does not answer shows as rebuilding on no node).</summary>
    public async Task<IReadOnlyList<ShardState>> States(CancellationToken cancellationToken = default)
    {
        var states = await Task.WhenAll(Enumerable.Range(0, ShardCount).Select(async id =>
        {
            try
            {
                return await Shard(id).GetState().WaitAsync(cluster.Value.ShardTimeout, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return new ShardState(id, "", ShardStatus.Rebuilding, 0, 0, ex.GetType().Name);
            }
        }));
        return states;
    }

    /// <summary>The cluster's live nodes (host:siloPort) and every shard's state, for /stats and /health.</summary>
    public async Task<ClusterOverview> Overview(CancellationToken cancellationToken = default)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cluster.Value.ShardTimeout, cancellationToken);
        var nodes = hosts.Keys.Select(s => $"{s.Endpoint.Address}:{s.Endpoint.Port}").Order(StringComparer.Ordinal).ToList();
        return new ClusterOverview(nodes, await States(cancellationToken));
    }

    /// <summary>The text field's statistics of the given analyzed terms, summed over the shards that answer (for /ask).</summary>
    internal async Task<QueryStatistics> TextStatistics(IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var statistics = await Scatter(shard => Shard(shard).GetTextStatistics(terms), new SortedSet<int>(), cancellationToken);
        return SummedStatistics.Sum(statistics.Where(s => s.Result is not null).Select(s => s.Result!));
    }

    /// <summary>The raw texts of the documents, each from the shard its id hashes to.</summary>
    internal async Task<IReadOnlyDictionary<string, string>> RawTexts(IReadOnlyList<string> documentIds, CancellationToken cancellationToken)
    {
        var byShard = documentIds.Distinct(StringComparer.Ordinal).GroupBy(id => Routing.ShardRouting.ShardOf(id, ShardCount)).ToList();
        var texts = await Task.WhenAll(byShard.Select(group =>
            Shard(group.Key).GetRawTexts(group.ToList()).WaitAsync(cluster.Value.ShardTimeout, cancellationToken)));
        return texts.SelectMany(t => t).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
    }

    private static void Supported(SearchRequest request)
    {
        if (request.Syntax != QuerySyntax.Plain)
        {
            throw new InvalidQueryException("syntax", "Cluster mode ranks plain queries only; use syntax=plain.");
        }

        if (request.Mode == SearchMode.Learned)
        {
            throw new InvalidQueryException("mode", "Cluster mode serves lexical, semantic and hybrid; mode=learned needs a single node.");
        }

        if (request.Filter is { IsEmpty: false } || request.Facets is { Count: > 0 } || request.Sort != Engine.Sorting.SortOrder.Relevance)
        {
            throw new InvalidQueryException("q", "Cluster mode does not filter, facet or sort by date yet; search a single node for those.");
        }
    }

    private IShardGrain Shard(int id) => grains.GetGrain<IShardGrain>(id);

    /// <summary>
    /// The query as the shards get it: with its encoder vector, embedded here once, when the mode scores by the
    /// encoder (every shard would otherwise embed the same text again). No encoder configured: the shards have none either.
    /// </summary>
    private ShardQuery Query(string text, SearchMode mode)
    {
        if (mode == SearchMode.Lexical || string.IsNullOrWhiteSpace(text) || search.Value.EncoderWhenEnabled is not { } options)
        {
            return new ShardQuery(text, mode);
        }

        var started = Stopwatch.GetTimestamp();
        var encoder = SentenceEncoder.Shared(options);
        var vector = encoder is null ? null : new QueryVector(encoder.Fingerprint, encoder.EmbedQuery(text));
        metrics?.Record("embed", started);
        return new ShardQuery(text, mode, vector);
    }

    /// <summary>The merged candidates, and the query as ranked (with the typo corrections, when the typed one matched nothing).</summary>
    private async Task<(RankedList Ranked, HitRegistry Registry, IReadOnlyList<int> Missing, ShardQuery Query)> RankCandidates(ShardQuery query, int depth, CancellationToken cancellationToken)
    {
        var missing = new SortedSet<int>();
        var started = Stopwatch.GetTimestamp();
        // The statistics phase reads terms only: the vector rides with the ranking phase.
        var statistics = await Scatter(shard => Shard(shard).GetStatistics(query with { Vector = null }), missing, cancellationToken);
        metrics?.Record("statistics", started);
        var answering = statistics.Where(s => s.Result is not null).Select(s => s.Shard).ToList();
        if (answering.Count == 0)
        {
            throw new IndexNotReadyException();
        }

        if (await typo.Corrections(query with { Vector = null }, statistics.Select(s => s.Result).OfType<QueryStatistics>().ToList(), answering, cancellationToken) is { } corrections)
        {
            // The corrected query has other terms: their statistics are gathered again, as one node reads them.
            query = query with { Corrections = corrections };
            started = Stopwatch.GetTimestamp();
            statistics = await Scatter(shard => Shard(shard).GetStatistics(query with { Vector = null }), missing, cancellationToken, answering);
            metrics?.Record("statistics", started);
        }

        var collection = SummedStatistics.Sum(statistics.Select(s => s.Result).OfType<QueryStatistics>());
        var registry = new HitRegistry();
        async Task<IReadOnlyList<(int Shard, ShardLists Lists)>> ListsAt(int at)
        {
            var started = Stopwatch.GetTimestamp();
            var lists = (await Scatter(shard => Shard(shard).Rank(query, collection, at), missing, cancellationToken, answering))
                .Where(l => l.Result is { Ready: true })
                .Select(l => (l.Shard, l.Result!))
                .ToList();
            metrics?.Record("rank", started);
            return lists;
        }

        RankedList ranked;
        switch (query.Mode)
        {
            case SearchMode.Semantic:
                ranked = Single(await ListsAt(Math.Max(Ranking.CandidateDepth, depth)), registry, SearchMode.Semantic, Math.Max(Ranking.CandidateDepth, depth));
                break;
            case SearchMode.Hybrid:
                var first = await ListsAt(Math.Max(1, Ranking.CandidateDepth));
                ranked = first.Any(l => l.Lists.HasEncoder)
                    ? await StablePagesAsync(Ranking.CandidateDepth, depth, collection.MaxDoc, first, ListsAt, registry)
                    : Single(await ListsAt(depth), registry, SearchMode.Lexical, depth);
                break;
            default:
                ranked = Single(await ListsAt(depth), registry, SearchMode.Lexical, depth);
                break;
        }

        return (ranked, registry, missing.ToList(), query);
    }

    /// <summary>One signal's merged list as candidates (lexical or semantic mode): the raw score is the score.</summary>
    private static RankedList Single(IReadOnlyList<(int Shard, ShardLists Lists)> lists, HitRegistry registry, SearchMode mode, int depth)
    {
        if (mode == SearchMode.Semantic && lists.Count > 0 && !lists.Any(l => l.Lists.HasEncoder))
        {
            throw new SemanticUnavailableException();
        }

        var kind = mode == SearchMode.Semantic ? SignalKind.Encoder : SignalKind.Lexical;
        var merged = registry.Merge(lists.Select(l => (l.Shard, mode == SearchMode.Semantic ? l.Lists.Semantic : l.Lists.Lexical)), depth);
        var candidates = SignalFusion.Single(new SignalCandidates(kind, merged, 0));
        return new RankedList(mode, lists.Sum(l => l.Lists.Matches), candidates);
    }

    /// <summary>The engine's <c>StablePages</c> over the cluster: tiers of doubling depth, each fused over merged lists.</summary>
    private async Task<RankedList> StablePagesAsync(int firstDepth, int needed, long maxDoc, IReadOnlyList<(int Shard, ShardLists Lists)> first, Func<int, Task<IReadOnlyList<(int Shard, ShardLists Lists)>>> listsAt, HitRegistry registry)
    {
        var firstTier = true; // the first tier's lists were already gathered with the statistics
        return await StablePages.RankAsync(firstDepth, needed, maxDoc, async depth =>
        {
            var lists = firstTier ? first : await listsAt(depth);
            firstTier = false;
            return Fuse(lists, registry, depth);
        });
    }

    /// <summary>
    /// Hybrid over merged lists, exactly as one node fuses its own: the merged lexical and encoder lists (each the top
    /// <paramref name="depth"/> of all shards), their union as the pool, the engine's normalization and weights over
    /// those lists, ties to the better lexical rank and then one index's doc order.
    /// </summary>
    private RankedList Fuse(IReadOnlyList<(int Shard, ShardLists Lists)> lists, HitRegistry registry, int depth)
    {
        var inputs = new List<FusionInput>();
        var lexicalList = registry.Merge(lists.Select(l => (l.Shard, l.Lists.Lexical)), depth);
        if (lists.Any(l => l.Lists.LexicalQueried))
        {
            inputs.Add(new FusionInput(new MergedSignal(SignalKind.Lexical, lexicalList.ToDictionary(h => h.Doc, h => h.Score)), Ranking.LexicalWeight, lexicalList));
        }

        var rerankOnly = Ranking.HybridPool == HybridPool.Lexical;
        var cosines = registry.Cosines();
        if (Ranking.EncoderWeight > 0 && (rerankOnly ? cosines.Count > 0 : lists.Any(l => l.Lists.SemanticQueried)))
        {
            var encoderList = rerankOnly
                ? lexicalList.Where(h => cosines.ContainsKey(h.Doc)).Select(h => new ScoredDoc(h.Doc, cosines[h.Doc])).OrderByDescending(h => h.Score).ThenBy(h => registry.OrderOf(h.Doc)).ToList()
                : registry.Merge(lists.Select(l => (l.Shard, l.Lists.Semantic)), depth);
            inputs.Add(new FusionInput(new MergedSignal(SignalKind.Encoder, cosines), Ranking.EncoderWeight, encoderList));
        }

        var pool = rerankOnly ? lexicalList.Select(h => h.Doc).ToList() : inputs.SelectMany(i => i.List.Select(h => h.Doc)).Distinct().ToList();
        var candidates = SignalFusion.Fuse(pool, inputs, ScoreFusions.For(Ranking))
            .OrderByDescending(c => c.Fused)
            .ThenBy(c => c.LexicalRank ?? int.MaxValue)
            .ThenBy(c => registry.OrderOf(c.Doc))
            .ToList();
        return new RankedList(SearchMode.Hybrid, lists.Sum(l => l.Lists.Matches), candidates);
    }

    private async Task<Dictionary<string, SearchHit>> Fetch(IReadOnlyList<int> page, HitRegistry registry, ShardQuery query, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var byShard = page.GroupBy(registry.ShardOf).ToList();
        var fetched = await Task.WhenAll(byShard.Select(group =>
            Shard(group.Key).Fetch(group.Select(id => registry.Hit(id).PassageId).ToList(), query).WaitAsync(cluster.Value.ShardTimeout, cancellationToken)));
        metrics?.Record("fetch", started);
        return fetched.SelectMany(hits => hits)
            .Select(json => JsonSerializer.Deserialize<FetchedHit>(json, ClusterJson.Options)!.Restored)
            .ToDictionary(hit => hit.PassageId, StringComparer.Ordinal);
    }

    /// <summary>Calls every shard (or <paramref name="only"/> those) at once; one that fails or is late is recorded as missing.</summary>
    private async Task<IReadOnlyList<(int Shard, T? Result)>> Scatter<T>(Func<int, Task<T>> call, SortedSet<int> missing, CancellationToken cancellationToken, IReadOnlyList<int>? only = null)
    {
        var shards = only ?? Enumerable.Range(0, ShardCount).ToList();
        var results = await Task.WhenAll(shards.Select(async shard =>
        {
            try
            {
                return (shard, await call(shard).WaitAsync(cluster.Value.ShardTimeout, cancellationToken));
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return (shard, default(T));
            }
        }));
        lock (missing)
        {
            foreach (var (shard, result) in results)
            {
                if (result is null || result is ShardLists { Ready: false })
                {
                    missing.Add(shard);
                }
            }
        }

        return results;
    }
}
