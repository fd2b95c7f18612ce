using System.Globalization;
using System.Text.Json;
using SearchService.Engine;
using SearchService.Engine.Judgments;
using SearchService.Evaluation;

namespace SearchService.UnitTests.Learning;

/// <summary>
/// A small generated BEIR collection (fixed seed): 8 topics of 6 words, 96 documents mixing topic words with shared
/// filler, 32 queries of 2–3 topic words, graded judgments (2 = shares two query words, 1 = same topic). Indexed once
/// per test class, lexical only.
/// </summary>
public sealed class SyntheticBeir : IDisposable
{
    private static readonly string[] Filler =
    [
        "report", "system", "method", "result", "study", "value", "general", "problem", "case", "model", "process", "form",
        "level", "period", "effect", "change", "point", "group", "order", "field",
    ];

    public SyntheticBeir()
    {
        Directory = Path.Combine(Path.GetTempPath(), "searchservice-ltr-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "qrels"));
        var random = new Random(7);
        var topics = Enumerable.Range(0, 8).Select(t => Enumerable.Range(0, 6).Select(w => Word(t, w)).ToArray()).ToArray();
        var docs = new List<(string Id, int Topic, HashSet<string> Words, string Title, string Text)>();
        for (var d = 0; d < 96; d++)
        {
            var topic = d % 8;
            var words = new List<string>();
            var length = random.Next(12, 40);
            for (var i = 0; i < length; i++)
            {
                words.Add(random.NextDouble() < 0.3 ? topics[topic][random.Next(6)] : random.NextDouble() < 0.1 ? topics[random.Next(8)][random.Next(6)] : Filler[random.Next(Filler.Length)]);
            }

            var title = string.Join(' ', Enumerable.Range(0, 3).Select(_ => random.NextDouble() < 0.5 ? topics[topic][random.Next(6)] : Filler[random.Next(Filler.Length)]));
            docs.Add(($"d{d:D3}", topic, words.Concat(title.Split(' ')).ToHashSet(StringComparer.Ordinal), title, string.Join(' ', words)));
        }

        var queries = new List<(string Id, string Text)>();
        var qrels = new List<string> { "query-id\tcorpus-id\tscore" };
        for (var q = 0; q < 32; q++)
        {
            var topic = q % 8;
            var words = topics[topic].OrderBy(_ => random.Next()).Take(random.Next(2, 4)).ToList();
            queries.Add(($"q{q:D2}", string.Join(' ', words)));
            foreach (var doc in docs.Where(d => d.Topic == topic))
            {
                var shared = words.Count(doc.Words.Contains);
                qrels.Add(string.Create(CultureInfo.InvariantCulture, $"q{q:D2}\t{doc.Id}\t{(shared >= 2 ? 2 : 1)}"));
            }
        }

        File.WriteAllLines(Path.Combine(Directory, "corpus.jsonl"), docs.Select(d => JsonSerializer.Serialize(new Dictionary<string, string> { ["_id"] = d.Id, ["title"] = d.Title, ["text"] = d.Text })));
        File.WriteAllLines(Path.Combine(Directory, "queries.jsonl"), queries.Select(q => JsonSerializer.Serialize(new Dictionary<string, string> { ["_id"] = q.Id, ["text"] = q.Text })));
        File.WriteAllLines(Path.Combine(Directory, "qrels", "test.tsv"), qrels);
        Dataset = BeirDataset.Load(Directory);
        Subject = EvaluationSubject.FromBeir(Dataset, "synthetic");
        Options = new SearchOptions(); // vectors on: the semantic cosines are ranking features
        Index = EvaluationIndex.Build(Subject.Documents(), Options);
    }

    public string Directory { get; }

    public BeirDataset Dataset { get; }

    public EvaluationSubject Subject { get; }

    public SearchOptions Options { get; }

    public EvaluationIndex Index { get; }

    /// <summary>The same judgments with each query's grades moved to random documents (fixed seed).</summary>
    public Qrels ShuffledQrels(int seed)
    {
        var random = new Random(seed);
        var ids = Dataset.Corpus.Select(d => d.Id).ToArray();
        var shuffled = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var query in Subject.Qrels.QueryIds)
        {
            var grades = Subject.Qrels.For(query).Values.ToList();
            var targets = ids.OrderBy(_ => random.Next()).Take(grades.Count).ToList();
            shuffled[query] = targets.Select((doc, i) => (doc, grade: grades[i])).ToDictionary(p => p.doc, p => p.grade, StringComparer.Ordinal);
        }

        return new Qrels(shuffled);
    }

    public void Dispose()
    {
        Index.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static string Word(int topic, int word) => $"{(char)('a' + topic)}{(char)('k' + word)}{(char)('p' + topic + word)}ex";
}
