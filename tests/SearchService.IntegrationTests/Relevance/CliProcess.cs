using System.Diagnostics;

namespace SearchService.IntegrationTests.Relevance;

/// <summary>The real program's command line, run as a separate process in a scratch folder.</summary>
internal static class CliProcess
{
    public static string MiniBeir => Path.Combine(ServiceFixture.RepoRoot, "tests", "SearchService.UnitTests", "Evaluation", "Fixtures", "mini-beir");

    public static async Task<(int Exit, string Output, string Error)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SearchService.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The commands index into their own folder, never the repository's index.
        start.Environment["Search__SeedsPath"] = Path.Combine(ServiceFixture.RepoRoot, "seeds");
        start.Environment["Search__IndexPath"] = Path.Combine(workingDirectory, "index");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
