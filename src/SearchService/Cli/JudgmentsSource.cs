using SearchService.Engine;
using SearchService.Evaluation;
using SearchService.Engine.Judgments;

namespace SearchService.Cli;

/// <summary>
/// <c>--judgments FILE|live</c>: the team's judgments as a test collection over the sources (<c>Search:SeedsPath</c>).
/// <c>live</c> is the service's store (judgments.tsv beside <c>Search:IndexPath</c>, or <c>Search:Judgments:Path</c>);
/// a file is such a store or the BEIR zip that <c>GET /judgments?format=beir</c> exports. Judgments whose passage text
/// changed since (stale) are left out.
/// </summary>
internal static class JudgmentsSource
{
    public const string Live = "live";

    public static EvaluationSubject Subject(string value, SearchOptions options)
    {
        var seeds = SearchPaths.Resolve(options.SeedsPath);
        var documents = SeedDocuments.Read(seeds);
        var judged = Read(value, options, documents.SelectMany(d => d.Document.Passages).ToDictionary(p => p.PassageId, p => PassageHash.Of(p.Text), StringComparer.Ordinal));
        if (judged.Queries.Count == 0)
        {
            throw new InvalidDataException($"{value}: no current (non-stale) judgments to use.");
        }

        var queries = judged.Queries.Select(q => new EvaluationQuery(q.Id, q.Text)).ToList();
        return new EvaluationSubject("judgments", () => documents, documents.Count, queries, judged.Qrels, passage => passage.PassageId);
    }

    private static JudgedQueries Read(string value, SearchOptions options, IReadOnlyDictionary<string, string> currentHashes)
    {
        if (string.Equals(value, Live, StringComparison.OrdinalIgnoreCase))
        {
            var path = StorePath(options);
            return File.Exists(path)
                ? JudgedQueries.From(JudgedQueries.States(JudgmentStore.Read(path), currentHashes))
                : throw new FileNotFoundException($"No judgments yet: {path} does not exist. Judge in the page (/?judge=1) or POST /judgments first.");
        }

        var full = Path.GetFullPath(value);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"{value}: no such file (use a judgments.tsv, a BEIR zip from GET /judgments?format=beir, or live).");
        }

        return full.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
            ? JudgedQueries.ReadBeirZip(full)
            : JudgedQueries.From(JudgedQueries.States(JudgmentStore.Read(full), currentHashes));
    }

    private static string StorePath(SearchOptions options)
    {
        var configured = Environment.GetEnvironmentVariable("Search__Judgments__Path");
        return string.IsNullOrWhiteSpace(configured)
            ? JudgmentStore.BesideIndex(SearchPaths.Resolve(options.IndexPath))
            : SearchPaths.Resolve(configured);
    }
}
