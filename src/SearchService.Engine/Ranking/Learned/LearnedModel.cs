using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SearchService.Engine.Ranking.Learned;

/// <summary>
/// What <see cref="LearnedModel"/> serves now: the ranker (or why there is none), a version (a hash of the model
/// file, so two trainings are told apart) and when it was loaded. Immutable: a reload swaps the whole record.
/// </summary>
public sealed record LoadedModel(LearnedRanker? Ranker, string? Unavailable, string? Version, DateTimeOffset LoadedAt);

/// <summary>
/// The configured learned ranker (<c>Search:Ranker:ModelPath</c>), loaded at start and again on <see cref="Reload"/>.
/// A model whose feature list or analysis/embedding fingerprint differs from the running service's is refused with a
/// log line; every other mode keeps serving, and <c>mode=learned</c> answers 400 with the reason.
/// <para>
/// Reloading swaps one immutable <see cref="LoadedModel"/> reference: a request reads <see cref="Ranker"/> once and
/// keeps that ranker to the end, so requests in flight finish on the old model while new ones get the new. A reload
/// that fails keeps serving the model already loaded.
/// </para>
/// </summary>
public sealed class LearnedModel
{
    private readonly SearchOptions _options;
    private readonly ILogger<LearnedModel> _logger;
    private readonly Lock _reloading = new();
    private volatile LoadedModel _current;

    public LearnedModel(SearchOptions options, ILogger<LearnedModel> logger)
    {
        _options = options;
        _logger = logger;
        _current = Load();
    }

    /// <summary>Null when <c>mode=learned</c> cannot be served (see <see cref="Unavailable"/>).</summary>
    public LearnedRanker? Ranker => _current.Ranker;

    /// <summary>Why there is no ranker, or null.</summary>
    public string? Unavailable => _current.Unavailable;

    /// <summary>The model served now.</summary>
    public LoadedModel Current => _current;

    /// <summary>
    /// Loads the configured model file again and swaps it in. Returns the model now served and, when the file could
    /// not be used, why (the previous model, if any, stays).
    /// </summary>
    public (LoadedModel Served, string? Problem) Reload()
    {
        lock (_reloading)
        {
            var next = Load();
            if (next.Ranker is null && _current.Ranker is not null)
            {
                return (_current, next.Unavailable);
            }

            _current = next;
            return (next, next.Unavailable);
        }
    }

    private LoadedModel Load()
    {
        var now = DateTimeOffset.UtcNow;
        var configured = _options.Ranker.ModelPath;
        if (string.IsNullOrWhiteSpace(configured))
        {
            return new LoadedModel(null, "No learned model configured (Search:Ranker:ModelPath); train one with `train --out FILE`.", null, now);
        }

        var path = SearchPaths.Resolve(configured);
        if (!_options.SemanticEnabled)
        {
            _logger.LogError("Refusing learned model {Path}: semantic retrieval is turned off", path);
            return new LoadedModel(null, $"The learned model {path} needs the passage vectors (its features include the semantic cosines), and Search:SemanticEnabled is false.", null, now);
        }

        try
        {
            var header = LearnedRanker.ReadHeader(path);
            var mismatch = header.Mismatch(_options.RankingFeaturesFingerprint);
            if (mismatch is not null)
            {
                _logger.LogError("Refusing learned model {Path}: {Mismatch}", path, mismatch);
                return new LoadedModel(null, $"The learned model {path} does not fit this service: {mismatch}. Retrain it with `train`.", null, now);
            }

            var version = VersionOf(path);
            var ranker = LearnedRanker.Load(path);
            _logger.LogInformation("Learned model {Path} loaded (version {Version}, {Features}, {Queries} training queries)", path, version, header.FeatureVersion, header.TrainingQueries);
            return new LoadedModel(ranker, null, version, now);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            _logger.LogError(ex, "Learned model {Path} could not be loaded", path);
            return new LoadedModel(null, $"The learned model {path} could not be loaded: {ex.Message}", null, now);
        }
    }

    // A hash of the file's bytes: retraining on other judgments gives another version, reloading the same file the same.
    private static string VersionOf(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file))[..12];
    }
}

/// <summary>Loads the learned model when the host starts, so a refused model is logged then, not at the first request.</summary>
internal sealed class LearnedModelLoader(LearnedModel model) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = model.Ranker;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
