using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SearchService.Engine.Ranking.Learned;

/// <summary>
/// The configured learned ranker (<c>Search:Ranker:ModelPath</c>), loaded once at start. A model whose feature list
/// or analysis/embedding fingerprint differs from the running service's is refused with a log line; every other mode keeps
/// serving, and <c>mode=learned</c> answers 400 with the reason.
/// </summary>
public sealed class LearnedModel
{
    public LearnedModel(SearchOptions options, ILogger<LearnedModel> logger)
    {
        var configured = options.Ranker.ModelPath;
        if (string.IsNullOrWhiteSpace(configured))
        {
            Unavailable = "No learned model configured (Search:Ranker:ModelPath); train one with `train --out FILE`.";
            return;
        }

        var path = SearchPaths.Resolve(configured);
        if (!options.SemanticEnabled)
        {
            Unavailable = $"The learned model {path} needs the passage vectors (its features include the semantic cosines), and Search:SemanticEnabled is false.";
            logger.LogError("Refusing learned model {Path}: semantic retrieval is turned off", path);
            return;
        }

        try
        {
            var header = LearnedRanker.ReadHeader(path);
            var mismatch = header.Mismatch(options.RankingFeaturesFingerprint);
            if (mismatch is not null)
            {
                Unavailable = $"The learned model {path} does not fit this service: {mismatch}. Retrain it with `train`.";
                logger.LogError("Refusing learned model {Path}: {Mismatch}", path, mismatch);
                return;
            }

            Ranker = LearnedRanker.Load(path);
            logger.LogInformation("Learned model {Path} loaded ({Features}, {Queries} training queries)", path, header.FeatureVersion, header.TrainingQueries);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            Unavailable = $"The learned model {path} could not be loaded: {ex.Message}";
            logger.LogError(ex, "Learned model {Path} could not be loaded", path);
        }
    }

    /// <summary>Null when <c>mode=learned</c> cannot be served (see <see cref="Unavailable"/>).</summary>
    public LearnedRanker? Ranker { get; }

    /// <summary>Why there is no ranker, or null.</summary>
    public string? Unavailable { get; }
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
