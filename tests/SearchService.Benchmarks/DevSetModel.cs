using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine;
using SearchService.Evaluation;
using SearchService.Engine.Ranking.Learned;

namespace SearchService.Benchmarks;

/// <summary>
/// A learned model as a user would make one (<c>train</c> on the project's judged dev set over the seeds), loaded
/// the way the service loads it. Which model serves does not change what a learned query costs: features, one
/// pass over 50 small trees per candidate.
/// </summary>
public static class DevSetModel
{
    public static LearnedModel Train(SearchOptions options)
    {
        var root = Directory.GetParent(Corpus.SeedsFolder())!.FullName;
        var subject = EvaluationSubject.FromDevSet(DevSet.Load(DevSet.DefaultPath(root)), Corpus.SeedsFolder());
        var (ranker, _) = RelevanceEvaluation.Train(subject, options, folds: null);
        var path = Path.Combine(Path.GetTempPath(), "searchservice-bench-model-" + Guid.NewGuid().ToString("N") + ".zip");
        ranker.Save(path);
        options.Ranker.ModelPath = path;
        var model = new LearnedModel(options, NullLogger<LearnedModel>.Instance);
        return model.Ranker is null ? throw new InvalidOperationException(model.Unavailable) : model;
    }
}
