using Microsoft.Extensions.Logging;
using SearchService.Engine;
using SearchService.Engine.Ranking.Learned;

namespace SearchService.UnitTests.Learning;

public sealed class LearnedModelTests
{
    [Fact]
    public void Unconfigured_IsUnavailable_WithTheSettingToSet()
    {
        var model = new LearnedModel(new SearchOptions(), new ListLogger());

        Assert.Null(model.Ranker);
        Assert.Contains("Search:Ranker:ModelPath", model.Unavailable);
    }

    [Fact]
    public void AModel_WithSemanticRetrievalTurnedOff_IsRefused_ItsFeaturesNeedTheVectors()
    {
        var (model, logger, _) = SaveAndLoad(new SearchOptions { SemanticEnabled = false });

        Assert.Null(model.Ranker);
        Assert.Contains("SemanticEnabled", model.Unavailable);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Error);
    }

    [Fact]
    public void AModelForAnotherAnalyzer_IsRefused_WithALogLine()
    {
        var (model, logger, path) = SaveAndLoad(new SearchOptions(), fingerprint: "another-analysis-chain");

        Assert.Null(model.Ranker);
        Assert.Contains("analysis/embedding", model.Unavailable);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Error && l.Message.Contains(path, StringComparison.Ordinal));
    }

    [Fact]
    public void AMatchingModel_Loads()
    {
        var (model, _, _) = SaveAndLoad(new SearchOptions());

        Assert.NotNull(model.Ranker);
        Assert.Null(model.Unavailable);
    }

    /// <summary>
    /// Saves a model trained under <paramref name="fingerprint"/> (default: the options' own) and loads it as the
    /// service does, with <c>Search:Ranker:ModelPath</c> pointing at it. The file is deleted after loading.
    /// </summary>
    private static (LearnedModel Model, ListLogger Logger, string Path) SaveAndLoad(SearchOptions options, string? fingerprint = null)
    {
        var path = Path.Combine(Path.GetTempPath(), "searchservice-ltr-" + Guid.NewGuid().ToString("N") + ".model");
        options.Ranker.ModelPath = path;
        try
        {
            LearnedRanker.Train([], fingerprint ?? options.RankingFeaturesFingerprint).Save(path);
            var logger = new ListLogger();
            return (new LearnedModel(options, logger), logger, path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class ListLogger : ILogger<LearnedModel>
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }
}
