using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SearchService.Engine.Answers;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;

namespace SearchService.Benchmarks;

/// <summary>
/// The documents a benchmark indexes: the five seed articles as the service parses them, or a synthetic corpus
/// recombined deterministically from the seeds' sentences (same vocabulary and sentence shapes, 100,000 passages).
/// </summary>
public sealed class Corpus
{
    public const string SeedsName = "seeds";
    public const string SyntheticName = "synthetic-100k";
    public const int SyntheticPassages = 100_000;

    /// <summary>Bump when the generator changes, so cached indexes of the old corpus are not reused.</summary>
    public const int GeneratorVersion = 1;

    private const int SyntheticSeed = 20_240_601;
    private const int PassagesPerDocument = 10;

    public Corpus(string name, IReadOnlyList<(ParsedDocument Document, SourceFingerprint Fingerprint)> documents)
    {
        Name = name;
        Documents = documents;
        Passages = documents.Sum(d => d.Document.Passages.Count);
    }

    public string Name { get; }

    public IReadOnlyList<(ParsedDocument Document, SourceFingerprint Fingerprint)> Documents { get; }

    public int Passages { get; }

    public static Corpus Load(string name) => name switch
    {
        SeedsName => Seeds(),
        SyntheticName => Synthetic(SyntheticPassages),
        _ when name.StartsWith("synthetic-", StringComparison.Ordinal) && int.TryParse(name["synthetic-".Length..], CultureInfo.InvariantCulture, out var n) => Synthetic(n),
        _ => throw new ArgumentException($"Unknown corpus '{name}'.", nameof(name)),
    };

    /// <summary>The seed articles, parsed exactly as the indexing worker parses them.</summary>
    public static Corpus Seeds()
    {
        var parser = new ArticleParser();
        var documents = Directory.EnumerateFiles(SeedsFolder(), "*.txt")
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var bytes = File.ReadAllBytes(path);
                var text = Encoding.UTF8.GetString(bytes);
                var fileName = Path.GetFileName(path);
                var parsed = parser.Parse(ArticleParser.DocumentIdFromPath(fileName), fileName, text);
                return (parsed, new SourceFingerprint(Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.LongLength, File.GetLastWriteTimeUtc(path)));
            })
            .ToList();
        return new Corpus(SeedsName, documents);
    }

    /// <summary>
    /// <paramref name="passages"/> passages in documents of 10 (ids <c>syn-000000</c>…), each passage 3–6 sentences
    /// drawn from the seeds' paragraphs with a fixed seed, so every run indexes the same text.
    /// </summary>
    public static Corpus Synthetic(int passages)
    {
        var seeds = Seeds();
        var sentences = new List<string>();
        var sections = new List<string>();
        foreach (var passage in seeds.Documents.SelectMany(d => d.Document.Passages))
        {
            if (passage.Kind == PassageKind.Paragraph)
            {
                sentences.AddRange(SentenceSplitter.Split(passage.Text).Select(s => passage.Text[s.Start..s.End]));
            }

            if (!string.IsNullOrWhiteSpace(passage.Section))
            {
                sections.Add(passage.Section);
            }
        }

        sections = sections.Distinct(StringComparer.Ordinal).ToList();
        var random = new Random(SyntheticSeed);
        var documents = new List<(ParsedDocument, SourceFingerprint)>(passages / PassagesPerDocument + 1);
        var published = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var made = 0;
        for (var d = 0; made < passages; d++)
        {
            var id = $"syn-{d:D6}";
            var count = Math.Min(PassagesPerDocument, passages - made);
            documents.Add(SyntheticDocument(id, count, sentences, sections, random, published.AddDays(d % 2000)));
            made += count;
        }

        return new Corpus(passages == SyntheticPassages ? SyntheticName : $"synthetic-{passages}", documents);
    }

    /// <summary>The repository's seeds/ folder, found by walking up from the running assembly (BenchmarkDotNet runs a copy deeper in bin/).</summary>
    public static string SeedsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SearchService.sln")) && Directory.Exists(Path.Combine(dir.FullName, "seeds")))
            {
                return Path.Combine(dir.FullName, "seeds");
            }
        }

        throw new DirectoryNotFoundException($"No seeds/ folder beside SearchService.sln above {AppContext.BaseDirectory}.");
    }

    private static (ParsedDocument, SourceFingerprint) SyntheticDocument(string id, int passageCount, List<string> sentences, List<string> sections, Random random, DateTime published)
    {
        var title = TitleFrom(sentences[random.Next(sentences.Count)]);
        var raw = new StringBuilder();
        raw.Append(title).Append('\n');
        var line = 2;
        var passages = new List<Passage>(passageCount);
        for (var ordinal = 0; ordinal < passageCount; ordinal++)
        {
            var sentenceCount = random.Next(3, 7);
            var text = string.Join(' ', Enumerable.Range(0, sentenceCount).Select(_ => sentences[random.Next(sentences.Count)]));
            var section = sections.Count > 0 && random.Next(4) == 0 ? sections[random.Next(sections.Count)] : null;
            var start = raw.Length;
            raw.Append(text).Append('\n');
            passages.Add(new Passage(Passage.MakeId(id, ordinal), id, ordinal, PassageKind.Paragraph, text, section, start, start + text.Length, line, line));
            line++;
        }

        var rawText = raw.ToString();
        var metadata = new DocumentMetadata(id, title, published, "Synthetic", null, null, id + ".txt");
        var bytes = Encoding.UTF8.GetBytes(rawText);
        var fingerprint = new SourceFingerprint(Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.LongLength, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        return (new ParsedDocument(metadata, rawText, passages), fingerprint);
    }

    private static string TitleFrom(string sentence)
    {
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(Math.Min(words.Length, 9))).TrimEnd('.', ',', ';', ':');
    }
}
