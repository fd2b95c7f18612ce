using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using SearchService.Engine.Ranking.Learned;

namespace SearchService.Benchmarks;

/// <summary>
/// Training the learned ranker on 300 judged queries over the 100,000-passage synthetic corpus: one operation is
/// <c>LearnedRanker.Train</c> (LightGBM LambdaRank, default settings, one thread) on the queries' top-100 candidates,
/// whose features are extracted in setup. Queries are 3–5 words of a random passage; that passage is graded 2 and
/// the other passages of its document 1, so every query has something to learn from.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LearnedTrainingBenchmarks
{
    public const int JudgedQueries = 300;

    private List<TrainingGroup> _groups = null!;
    private string _fingerprint = "";

    [GlobalSetup]
    public void Setup()
    {
        var options = BenchIndex.DefaultOptions();
        _fingerprint = options.RankingFeaturesFingerprint;
        var corpus = Corpus.Load(Corpus.SyntheticName);
        using var index = BenchIndex.OpenCached(Corpus.SyntheticName, () => corpus, options);
        var passages = corpus.Documents.SelectMany(d => d.Document.Passages).ToList();
        var random = new Random(300);
        _groups = [];
        while (_groups.Count < JudgedQueries)
        {
            var target = passages[random.Next(passages.Count)];
            var words = target.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 5).Distinct().ToList();
            var query = string.Join(' ', words.OrderBy(_ => random.Next()).Take(random.Next(3, 6)));
            var rows = index.Features.Extract(query);
            var grades = rows.Select(r => r.Passage.PassageId == target.PassageId ? 2 : r.Passage.DocumentId == target.DocumentId ? 1 : 0).ToList();
            if (grades.Distinct().Count() > 1)
            {
                _groups.Add(new TrainingGroup($"q{_groups.Count}", rows, grades));
            }
        }

        Console.WriteLine($"// {_groups.Count} judged queries, {_groups.Sum(g => g.Rows.Count):N0} candidate rows");
    }

    [Benchmark]
    public int Train() => LearnedRanker.Train(_groups, _fingerprint).Header.TrainingQueries;
}
