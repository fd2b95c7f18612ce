using SearchService.Engine.Judgments;

namespace SearchService.Evaluation;

/// <summary>
/// A dataset in BEIR layout: <c>corpus.jsonl</c>, <c>queries.jsonl</c> and <c>qrels/{split}.tsv</c>.
/// Queries and qrels are small and loaded eagerly; the corpus is streamed, re-reading the file on each enumeration,
/// so that indexing a large corpus never holds it in memory next to the index being built.
/// </summary>
public sealed class BeirDataset
{
    private readonly string _corpusPath;

    private BeirDataset(string directory, string corpusPath, IReadOnlyList<BeirQuery> queries, Qrels qrels)
    {
        DirectoryPath = directory;
        _corpusPath = corpusPath;
        Queries = queries;
        Qrels = qrels;
    }

    public string DirectoryPath { get; }

    /// <summary>
    /// The documents, read lazily in file order. A malformed line throws <see cref="InvalidDataException"/> when the
    /// enumeration reaches it, not at <see cref="Load"/>, which is the price of streaming.
    /// </summary>
    public IEnumerable<BeirDocument> Corpus => ReadCorpus(_corpusPath);

    public IReadOnlyList<BeirQuery> Queries { get; }

    public Qrels Qrels { get; }

    /// <summary>Opens a BEIR directory. Missing files fail here, before any indexing work is spent.</summary>
    public static BeirDataset Load(string dir, string split = "test")
    {
        ArgumentNullException.ThrowIfNull(dir);
        var corpusPath = RequireFile(Path.Combine(dir, "corpus.jsonl"));
        var queriesPath = RequireFile(Path.Combine(dir, "queries.jsonl"));
        var qrelsPath = RequireFile(Path.Combine(dir, "qrels", split + ".tsv"));
        return new BeirDataset(dir, corpusPath, ReadQueries(queriesPath), QrelsReader.Read(qrelsPath));
    }

    public static IEnumerable<BeirDocument> ReadCorpus(string corpusPath)
    {
        foreach (var (lineNumber, obj) in JsonLinesFile.Read(corpusPath))
        {
            yield return new BeirDocument(
                JsonLinesFile.RequiredId(obj, corpusPath, lineNumber),
                JsonLinesFile.OptionalString(obj, "title", corpusPath, lineNumber),
                JsonLinesFile.OptionalString(obj, "text", corpusPath, lineNumber));
        }
    }

    public static IReadOnlyList<BeirQuery> ReadQueries(string queriesPath)
    {
        var queries = new List<BeirQuery>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (lineNumber, obj) in JsonLinesFile.Read(queriesPath))
        {
            var id = JsonLinesFile.RequiredId(obj, queriesPath, lineNumber);
            // A repeated query id would be searched twice and its run entry overwritten: refuse it instead.
            if (!seen.Add(id))
            {
                throw MalformedLine.At(queriesPath, lineNumber, $"duplicate query id {id}");
            }

            queries.Add(new BeirQuery(id, JsonLinesFile.OptionalString(obj, "text", queriesPath, lineNumber)));
        }

        return queries;
    }

    private static string RequireFile(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"BEIR dataset file not found: {path}", path);
}
