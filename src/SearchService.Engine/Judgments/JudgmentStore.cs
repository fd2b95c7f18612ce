using System.Globalization;
using System.Text;

namespace SearchService.Engine.Judgments;

/// <summary>
/// <c>judgments.tsv</c>: an append-only file of <see cref="Judgment"/>s, one per line
/// (<c>time query passage-id content-hash grade judge</c>, tab-separated, tabs/newlines/backslashes in text escaped).
/// It lives beside the index folder, not in it, so rebuilding the index (or moving a corrupt one aside) never touches
/// it. Appends are serialized in-process and each batch is written with one call and flushed to disk; a line torn by
/// a crash is skipped when read, and the next append starts on a fresh line. A re-judged passage is a new line: the
/// latest one counts.
/// </summary>
public sealed class JudgmentStore(string path)
{
    public const string FileName = "judgments.tsv";
    private const string Header = "# time\tquery\tpassage\tcontent-hash\tgrade\tjudge";

    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>The store beside an index folder: <c>index/</c> → <c>judgments.tsv</c> in the folder holding it.</summary>
    public static string BesideIndex(string indexPath)
    {
        var index = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(indexPath));
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(index) ?? index, FileName);
    }

    public async Task AppendAsync(IReadOnlyList<Judgment> judgments, CancellationToken cancellationToken = default)
    {
        if (judgments.Count == 0)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var judgment in judgments)
        {
            text.Append(Format(judgment)).Append('\n');
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            await using var file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            var prefix = file.Length == 0 ? Header + "\n" : EndsWithNewline(file) ? "" : "\n";
            file.Seek(0, SeekOrigin.End);
            var bytes = Encoding.UTF8.GetBytes(prefix + text);
            await file.WriteAsync(bytes, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every readable judgment in file order (a missing file is an empty store).</summary>
    public IReadOnlyList<Judgment> ReadAll() => File.Exists(Path) ? Read(Path) : [];

    /// <summary>Reads a store file; malformed lines (a torn last line) are skipped.</summary>
    public static IReadOnlyList<Judgment> Read(string path)
    {
        var all = new List<Judgment>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#' && Parse(line) is { } judgment)
            {
                all.Add(judgment);
            }
        }

        return all;
    }

    /// <summary>The latest judgment of each (query, passage), in order of first judgment.</summary>
    public static IReadOnlyList<Judgment> Latest(IEnumerable<Judgment> judgments)
    {
        var latest = new Dictionary<(string, string), Judgment>();
        var order = new List<(string, string)>();
        foreach (var judgment in judgments)
        {
            var key = (judgment.Query.Trim(), judgment.PassageId);
            if (!latest.ContainsKey(key))
            {
                order.Add(key);
            }

            latest[key] = judgment;
        }

        return order.Select(key => latest[key]).ToList();
    }

    internal static string Format(Judgment j) => string.Join('\t',
        j.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        Escape(j.Query), Escape(j.PassageId), j.ContentHash, j.Grade.ToString(CultureInfo.InvariantCulture), Escape(j.Judge));

    internal static Judgment? Parse(string line)
    {
        var fields = line.Split('\t');
        if (fields.Length != 6
            || !DateTimeOffset.TryParse(fields[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            || !int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var grade)
            || grade > Judgment.MaxGrade)
        {
            return null;
        }

        return new Judgment(time, Unescape(fields[1]), Unescape(fields[2]), fields[3], grade, Unescape(fields[5]));
    }

    private static bool EndsWithNewline(FileStream file)
    {
        file.Seek(-1, SeekOrigin.End);
        return file.ReadByte() == '\n';
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                result.Append(text[i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', var c => c });
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }
}
