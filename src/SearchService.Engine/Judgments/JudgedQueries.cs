using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace SearchService.Engine.Judgments;

/// <summary>A judged query: its export id (<see cref="Judgment.QueryIdOf"/>) and its text.</summary>
public sealed record JudgedQuery(string Id, string Text);

/// <summary>
/// Judgments as a test collection: the queries and passage-level qrels of the latest, non-stale judgment of each
/// (query, passage). This is what is exported (TREC qrels, or a BEIR zip) and what <c>train --judgments</c> learns from.
/// </summary>
public sealed record JudgedQueries(IReadOnlyList<JudgedQuery> Queries, Qrels Qrels)
{
    /// <summary>BEIR zip entries: <c>queries.jsonl</c> and <c>qrels/test.tsv</c>.</summary>
    public const string QueriesEntry = "queries.jsonl";
    public const string QrelsEntry = "qrels/test.tsv";

    /// <summary>Stale judgments (the passage changed or is gone) are left out: they no longer describe a passage that exists.</summary>
    public static JudgedQueries From(IEnumerable<JudgmentState> states)
    {
        var current = JudgmentStore.Latest(states.Where(s => !s.Stale).Select(s => s.Judgment));
        var queries = current
            .GroupBy(j => j.QueryId, StringComparer.Ordinal)
            .Select(g => new JudgedQuery(g.Key, g.First().Query.Trim()))
            .OrderBy(q => q.Id, StringComparer.Ordinal)
            .ToList();
        var grades = current
            .GroupBy(j => j.QueryId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, int>)g.ToDictionary(j => j.PassageId, j => j.Grade, StringComparer.Ordinal), StringComparer.Ordinal);
        return new JudgedQueries(queries, new Qrels(grades));
    }

    /// <summary>
    /// Marks each judgment stale when its passage's current hash differs or the passage is gone.
    /// <paramref name="currentHashes"/> maps the passage ids it knows to <see cref="PassageHash.Of"/> their current text.
    /// </summary>
    public static IReadOnlyList<JudgmentState> States(IEnumerable<Judgment> judgments, IReadOnlyDictionary<string, string> currentHashes) =>
        judgments.Select(j => new JudgmentState(j, !currentHashes.TryGetValue(j.PassageId, out var hash) || hash != j.ContentHash)).ToList();

    /// <summary>TREC qrels: <c>qid 0 passage-id grade</c>, by query then passage id.</summary>
    public string ToTrecQrels()
    {
        var text = new StringBuilder();
        foreach (var queryId in Qrels.QueryIds)
        {
            foreach (var (passageId, grade) in Qrels.For(queryId).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                text.Append(queryId).Append(" 0 ").Append(passageId).Append(' ').Append(grade).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>A zip of <c>queries.jsonl</c> (<c>{"_id","text"}</c>) and <c>qrels/test.tsv</c> (BEIR's header and columns).</summary>
    public void WriteBeirZip(Stream output)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        using (var queries = new StreamWriter(zip.CreateEntry(QueriesEntry).Open(), new UTF8Encoding(false)))
        {
            foreach (var query in Queries)
            {
                queries.Write(JsonSerializer.Serialize(new Dictionary<string, string> { ["_id"] = query.Id, ["text"] = query.Text }));
                queries.Write('\n');
            }
        }

        using var qrels = new StreamWriter(zip.CreateEntry(QrelsEntry).Open(), new UTF8Encoding(false));
        qrels.Write("query-id\tcorpus-id\tscore\n");
        foreach (var queryId in Qrels.QueryIds)
        {
            foreach (var (passageId, grade) in Qrels.For(queryId).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                qrels.Write($"{queryId}\t{passageId}\t{grade}\n");
            }
        }
    }

    /// <summary>Reads back a zip written by <see cref="WriteBeirZip"/> (the <c>GET /judgments?format=beir</c> export).</summary>
    /// <exception cref="InvalidDataException">Not such a zip.</exception>
    public static JudgedQueries ReadBeirZip(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var queriesEntry = zip.GetEntry(QueriesEntry) ?? throw new InvalidDataException($"{path}: no {QueriesEntry} in the zip.");
        var qrelsEntry = zip.GetEntry(QrelsEntry) ?? throw new InvalidDataException($"{path}: no {QrelsEntry} in the zip.");
        var queries = new List<JudgedQuery>();
        using (var reader = new StreamReader(queriesEntry.Open(), Encoding.UTF8))
        {
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                var query = JsonSerializer.Deserialize<Dictionary<string, string>>(line);
                if (query is null || !query.TryGetValue("_id", out var id) || !query.TryGetValue("text", out var text))
                {
                    throw new InvalidDataException($"{path}: a line of {QueriesEntry} has no _id or text.");
                }

                queries.Add(new JudgedQuery(id, text));
            }
        }

        var temp = System.IO.Path.GetTempFileName();
        try
        {
            qrelsEntry.ExtractToFile(temp, overwrite: true);
            return new JudgedQueries(queries, QrelsReader.Read(temp));
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
