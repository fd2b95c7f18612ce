using Microsoft.Extensions.Logging;
using SearchService.Engine;
using SearchService.Engine.Learning;

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
        var path = Path.Combine(Path.GetTempPath(), "searchservice-ltr-" + Guid.NewGuid().ToString("N") + ".model");
        try
        {
            var options = new SearchOptions { SemanticEnabled = false, Ranker = { ModelPath = path } };
            LearnedRanker.Train([], options.RankingFeaturesFingerprint).Save(path);
            var logger = new ListLogger();

            var model = new LearnedModel(options, logger);

            Assert.Null(model.Ranker);
            Assert.Contains("SemanticEnabled", model.Unavailable);
            Assert.Contains(logger.Lines, l => l.Level == LogLevel.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AModelForAnotherAnalyzer_IsRefused_WithALogLine()
    {
        var path = Path.Combine(Path.GetTempPath(), "searchservice-ltr-" + Guid.NewGuid().ToString("N") + ".model");
        try
        {
            LearnedRanker.Train([], "another-analysis-chain").Save(path);
            var options = new SearchOptions { Ranker = { ModelPath = path } };
            var logger = new ListLogger();

            var model = new LearnedModel(options, logger);

            Assert.Null(model.Ranker);
            Assert.Contains("analysis/embedding", model.Unavailable);
            Assert.Contains(logger.Lines, l => l.Level == LogLevel.Error && l.Message.Contains(path, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AMatchingModel_Loads()
    {
        var path = Path.Combine(Path.GetTempPath(), "searchservice-ltr-" + Guid.NewGuid().ToString("N") + ".model");
        try
        {
            var options = new SearchOptions { Ranker = { ModelPath = path } };
            LearnedRanker.Train([], options.RankingFeaturesFingerprint).Save(path);

            var model = new LearnedModel(options, new ListLogger());

            Assert.NotNull(model.Ranker);
            Assert.Null(model.Unavailable);
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
