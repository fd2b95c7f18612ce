using Orleans.Concurrency;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using SearchService.Cluster.Placement;
using SearchService.Cluster.Routing;
using SearchService.Engine;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Pushing;

namespace SearchService.Cluster.Shards;

/// <summary>
/// A shard as an Orleans grain. On activation (first use, or after its silo died: Orleans re-activates it on a live
/// silo) it rebuilds its index in the background from the durable sources, answering "not ready" meanwhile so queries
/// can say which shards they miss. Kept alive: an idle shard is not deactivated (rebuilding costs far more than memory).
/// Placed by <see cref="ShardLayout"/> over the live silos; once built, a shard that finds itself elsewhere than the
/// layout says (a node joined or left) migrates there and rebuilds on arrival (docs/scale.md, rebalancing).
/// </summary>
[KeepAlive]
[ShardPlacement]
[Reentrant]
public sealed class ShardGrain(
    [PersistentState("documents", ShardStorage.Name)] IPersistentState<PushedShardDocuments> pushed,
    IShardSources sources,
    IOptions<SearchOptions> searchOptions,
    IOptions<ClusterOptions> clusterOptions,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    ILogger<ShardGrain> logger) : Grain, IShardGrain
{
    /// <summary>Ordinals of pushed documents come after every source document's (one node adds them after the folder's).</summary>
    private const long PushedOrdinalBase = 1L << 40;

    private readonly CancellationTokenSource _stopping = new();

    // Pushes interleave (the grain is reentrant): one grain-storage write at a time, and index changes in request order.
    private readonly SemaphoreSlim _writes = new(1, 1);
    private Task _indexing = Task.CompletedTask;
    private Task<ShardIndex>? _building;
    private string? _path;

    private int ShardId => (int)this.GetPrimaryKeyLong();

    private int ShardCount => clusterOptions.Value.Shards;

    private string Node => $"{silo.SiloAddress.Endpoint.Address}:{silo.SiloAddress.Endpoint.Port}";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var root = clusterOptions.Value.DataPath ?? Path.Combine(Path.GetTempPath(), "searchservice-cluster");
        _path = Path.Combine(root, $"{silo.SiloAddress.Endpoint.Port}-{silo.SiloAddress.Generation}", $"shard-{ShardId}-{Guid.NewGuid():N}");
        var documents = pushed.State.Documents.ToList();
        _building = Task.Run(() => Build(documents), _stopping.Token);
        var interval = clusterOptions.Value.RebalanceInterval;
        this.RegisterGrainTimer(MoveIfMisplaced, new GrainTimerCreationOptions(interval, interval) { Interleave = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            (await _building!).Dispose();
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException)
        {
            // A build that was cancelled or failed holds no index.
        }

        TryDelete(_path!);
    }

    public Task<ShardState> GetState()
    {
        var index = Ready;
        var status = _building!.IsFaulted ? ShardStatus.Failed : index is null ? ShardStatus.Rebuilding : ShardStatus.Ready;
        return Task.FromResult(new ShardState(ShardId, Node, status, index?.Documents ?? 0, index?.Passages ?? 0, _building.Exception?.GetBaseException().Message));
    }

    public Task<QueryStatistics?> GetStatistics(ShardQuery query) =>
        Ready is { } index ? Task.Run(() => (QueryStatistics?)index.Statistics(query)) : Task.FromResult<QueryStatistics?>(null);

    public Task<ShardLists> Rank(ShardQuery query, QueryStatistics collection, int depth) =>
        Ready is { } index ? Task.Run(() => index.Rank(query, collection, depth, _stopping.Token)) : Task.FromResult(ShardLists.NotReady);

    public Task<IReadOnlyList<string>> Fetch(IReadOnlyList<string> passageIds, ShardQuery query) =>
        Ready is { } index ? Task.Run(() => index.Fetch(passageIds, query)) : Task.FromResult<IReadOnlyList<string>>([]);

    public Task<TypoCandidates?> GetTypoCandidates(ShardQuery query, IReadOnlyList<string> unknown) =>
        Ready is { } index ? Task.Run(() => (TypoCandidates?)index.TypoCandidates(query, unknown)) : Task.FromResult<TypoCandidates?>(null);

    public Task<IReadOnlyList<string>> GetDocumentIds() =>
        Task.FromResult(Ready?.DocumentIds() ?? []);

    public async Task Push(ClusterDocument document)
    {
        if ((await Put(document, wait: true)).Status == ShardPushStatus.FolderDocument)
        {
            throw new ArgumentException($"Document {document.Id} is a document of the sources folder.", nameof(document));
        }
    }

    public async Task<ShardPushResult> Put(ClusterDocument document, bool wait)
    {
        if (ShardRouting.ShardOf(document.Id, ShardCount) != ShardId)
        {
            throw new ArgumentException($"Document {document.Id} belongs to shard {ShardRouting.ShardOf(document.Id, ShardCount)}, not {ShardId}.", nameof(document));
        }

        var index = await _building!;
        if (IsFromSources(index, document.Id))
        {
            return new ShardPushResult(ShardPushStatus.FolderDocument);
        }

        // Parsed before it is stored: a stored document must never fail the shard's rebuild.
        var parsed = ClusterDocuments.Parse(document);
        bool replaced;
        long ordinal;
        await _writes.WaitAsync();
        try
        {
            // Durable first: a crash after this rebuilds the shard with the document, a crash before it loses only the request.
            var documents = pushed.State.Documents;
            replaced = documents.RemoveAll(d => d.Id == document.Id) > 0;
            documents.Add(document);
            await pushed.WriteStateAsync();
            ordinal = PushedOrdinalBase + documents.Count;
        }
        finally
        {
            _writes.Release();
        }

        var indexed = ChangeIndex(() => index.Upsert(parsed, ClusterDocuments.Fingerprint(document), ordinal, _stopping.Token));
        if (!wait)
        {
            return new ShardPushResult(ShardPushStatus.Pending, replaced);
        }

        await indexed;
        var summary = index.Get(document.Id)?.Document;
        return new ShardPushResult(ShardPushStatus.Indexed, replaced, summary is null ? null : TransportedSummary.Serialize(summary));
    }

    public async Task<ShardPushResult> Remove(string documentId, bool wait)
    {
        var index = await _building!;
        await _writes.WaitAsync();
        try
        {
            if (pushed.State.Documents.RemoveAll(d => d.Id == documentId) == 0)
            {
                return new ShardPushResult(index.Get(documentId) is null ? ShardPushStatus.NotFound : ShardPushStatus.FolderDocument);
            }

            await pushed.WriteStateAsync();
        }
        finally
        {
            _writes.Release();
        }

        var removed = ChangeIndex(() => index.Delete(documentId));
        if (!wait)
        {
            return new ShardPushResult(ShardPushStatus.Pending);
        }

        await removed;
        return new ShardPushResult(ShardPushStatus.Deleted);
    }

    public async Task<bool> IsFolderDocument(string documentId) => IsFromSources(await _building!, documentId);

    public Task<IReadOnlyList<string>?> ListDocuments() =>
        Ready is { } index
            ? Task.Run(() => (IReadOnlyList<string>?)index.List().Select(TransportedSummary.Serialize).ToList())
            : Task.FromResult<IReadOnlyList<string>?>(null);

    public Task<QueryStatistics?> GetTextStatistics(IReadOnlyList<string> terms) =>
        Ready is { } index ? Task.Run(() => (QueryStatistics?)index.TextStatistics(terms)) : Task.FromResult<QueryStatistics?>(null);

    public Task<IReadOnlyDictionary<string, string>> GetRawTexts(IReadOnlyList<string> documentIds) =>
        Ready is { } index ? Task.Run(() => index.RawTexts(documentIds)) : Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public Task<SuggestStatistics?> GetSuggestStatistics(string query) =>
        Ready is { } index ? Task.Run(() => (SuggestStatistics?)index.SuggestStatistics(query)) : Task.FromResult<SuggestStatistics?>(null);

    public Task<IReadOnlyList<TitleHit>?> SuggestTitles(string query, QueryStatistics collection, int k) =>
        Ready is { } index ? Task.Run(() => (IReadOnlyList<TitleHit>?)index.SuggestTitles(query, collection, k)) : Task.FromResult<IReadOnlyList<TitleHit>?>(null);

    public async Task<string?> GetDocument(string documentId)
    {
        var index = await _building!;
        return await Task.Run(() => index.Get(documentId) is { } detail ? TransportedDetail.Serialize(detail) : null);
    }

    /// <summary>A document of the sources folder (one node tells them from pushed ones by their source path).</summary>
    private bool IsFromSources(ShardIndex index, string documentId) =>
        !pushed.State.Documents.Exists(d => d.Id == documentId) && index.Get(documentId) is { } held && !PushedStore.IsPushed(held.Document.Metadata);

    /// <summary>Runs an index change after every earlier one (off the grain's thread); a failed change is logged, not rethrown to later ones.</summary>
    private Task ChangeIndex(Action change)
    {
        var next = _indexing.ContinueWith(_ => change(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        _indexing = next.ContinueWith(
            t => logger.LogError(t.Exception, "Shard {Shard}: indexing a pushed change failed", ShardId),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
        return next;
    }

    /// <summary>
    /// Rebalancing: a built shard on another silo than the layout over the active silos gives it migrates there (the
    /// placement director computes the same layout). A shard still building stays, so a move never chains into another.
    /// </summary>
    private Task MoveIfMisplaced(CancellationToken cancellationToken)
    {
        var active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToList();
        if (Ready is not null && active.Count > 0 && !ShardPlacementDirector.PreferredSilo(ShardId, ShardCount, active).Equals(silo.SiloAddress))
        {
            logger.LogInformation("Shard {Shard} moves off {Node}: the layout over {Nodes} nodes places it elsewhere", ShardId, Node, active.Count);
            this.MigrateOnIdle();
        }

        return Task.CompletedTask;
    }

    private ShardIndex? Ready => _building is { IsCompletedSuccessfully: true } building ? building.Result : null;

    private ShardIndex Build(IReadOnlyList<ClusterDocument> pushedDocuments)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var fromSources = sources.Read()
            .Select((source, ordinal) => (source.Document, source.Fingerprint, Ordinal: (long)ordinal))
            .Where(source => ShardRouting.ShardOf(source.Document.Metadata.DocumentId, ShardCount) == ShardId);
        var fromPushes = pushedDocuments.Select((document, i) => (ClusterDocuments.Parse(document), ClusterDocuments.Fingerprint(document), PushedOrdinalBase + i + 1));
        var index = ShardIndex.Build(_path!, fromSources.Concat(fromPushes), searchOptions.Value, logger, _stopping.Token);
        logger.LogInformation("Shard {Shard} built on {Node}: {Documents} documents, {Passages} passages in {Elapsed} ms", ShardId, Node, index.Documents, index.Passages, clock.ElapsedMilliseconds);
        return index;
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover shard folder is rebuilt over or cleaned with the node's data folder.
        }
    }
}

/// <summary>The grain storage provider the shards keep pushed documents in (Redis in a cluster, memory in tests).</summary>
public static class ShardStorage
{
    public const string Name = "shards";
}
