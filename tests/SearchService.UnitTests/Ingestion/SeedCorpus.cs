using System.Text;

namespace SearchService.UnitTests;

/// <summary>
/// Locates the repository's seed articles so tests run against the real corpus. The repo root is found by walking up
/// from the test binaries to the folder holding SearchService.sln, which works from any build output directory.
/// </summary>
public static class SeedCorpus
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    public static string RepoRoot => Root.Value;

    public static string SeedsPath => Path.Combine(RepoRoot, "seeds");

    /// <summary>Ids (file names without extension) of every seed, in file-name order.</summary>
    public static IReadOnlyList<string> All =>
        Directory.GetFiles(SeedsPath, "*.txt")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string PathOf(string id) => Path.Combine(SeedsPath, id + ".txt");

    /// <summary>The decoded text as the ingestion pipeline receives it: UTF-8 with any BOM stripped.</summary>
    public static string Load(string id) => File.ReadAllText(PathOf(id), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SearchService.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SearchService.sln above {AppContext.BaseDirectory}.");
    }
}
