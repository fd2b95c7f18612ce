using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Retrieval;

using SearchService.Engine.Judgments;

namespace SearchService.Evaluation;

/// <summary>
/// What a relevance test runs on: documents to index, judged queries, and how a ranked passage maps to the ids the
/// judgments use (a BEIR document id, or a passage id for the seeds' dev set).
/// </summary>
public sealed record EvaluationSubject(
    string Name,
    Func<IEnumerable<(ParsedDocument Document, SourceFingerprint Fingerprint)>> Documents,
    int DocumentCount,
    IReadOnlyList<EvaluationQuery> Queries,
    Qrels Qrels,
    Func<RankedPassage, string> JudgedIdOf)
{
    /// <summary>A BEIR dataset: one passage per document; every query that has a judgment is run.</summary>
    public static EvaluationSubject FromBeir(BeirDataset dataset, string name, Qrels? qrels = null)
    {
        var judgments = qrels ?? dataset.Qrels;
        var queries = dataset.Queries
            .Where(q => judgments.Contains(q.Id))
            .Select(q => new EvaluationQuery(q.Id, q.Text))
            .ToList();
        return new EvaluationSubject(
            name,
            () => dataset.Corpus.Select(d => (BeirPassages.ToParsedDocument(d), BeirPassages.FingerprintOf(d))),
            File.ReadLines(Path.Combine(dataset.DirectoryPath, "corpus.jsonl")).Count(line => line.Length > 0),
            queries,
            judgments,
            passage => passage.DocumentId);
    }

    /// <summary>The project's judged dev set over the seed articles, judged per passage.</summary>
    public static EvaluationSubject FromDevSet(DevSet devSet, string seedsPath, Qrels? qrels = null)
    {
        var documents = SeedDocuments.Read(seedsPath);
        var judgments = qrels ?? devSet.ToQrels(documents.Select(d => d.Document));
        var queries = devSet.Queries
            .Where(q => judgments.Contains(q.Id))
            .Select(q => new EvaluationQuery(q.Id, q.Query))
            .ToList();
        return new EvaluationSubject("dev", () => documents, documents.Count, queries, judgments, passage => passage.PassageId);
    }
}
