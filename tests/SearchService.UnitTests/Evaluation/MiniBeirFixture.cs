namespace SearchService.UnitTests.Evaluation;

/// <summary>
/// Locates Fixtures/mini-beir: in the test output folder once the project copies it there, otherwise in the source
/// tree above the output folder, so the fixture is usable before (and regardless of) the copy-to-output item.
/// </summary>
internal static class MiniBeirFixture
{
    private const string RelativePath = "Evaluation/Fixtures/mini-beir";

    public static string Directory { get; } = Locate();

    private static string Locate()
    {
        var copied = Path.Combine(AppContext.BaseDirectory, RelativePath);
        if (System.IO.Directory.Exists(copied))
        {
            return copied;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var inSource = Path.Combine(dir.FullName, "tests", "SearchService.UnitTests", RelativePath);
            if (System.IO.Directory.Exists(inSource))
            {
                return inSource;
            }
        }

        throw new DirectoryNotFoundException($"Fixture {RelativePath} not found next to or above {AppContext.BaseDirectory}.");
    }
}
