using System.Diagnostics;
using System.Text.Json;

namespace SearchService.IntegrationTests.Operations;

/// <summary>
/// <c>dotnet run --project src/SearchService -- eval --beir ../data/x</c>: relative paths on the command line mean the
/// directory the user typed the command in, not the project folder dotnet run would otherwise start the program in.
/// </summary>
public sealed class CliWorkingDirectoryTests : IDisposable
{
    private readonly string _cwd = Directory.CreateTempSubdirectory("searchservice-cwd-").FullName;

    public void Dispose() => Directory.Delete(_cwd, recursive: true);

    [Fact]
    public async Task Dotnet_run_eval_resolves_a_relative_beir_path_and_run_file_against_the_callers_directory()
    {
        var dataset = Path.Combine(_cwd, "data", "mini-beir");
        CopyFolder(Path.Combine(ServiceFixture.RepoRoot, "tests", "SearchService.UnitTests", "Evaluation", "Fixtures", "mini-beir"), dataset);

        var (exit, output, error) = await DotnetRunAsync("eval", "--warmup-queries", "0", "--beir", Path.Combine("data", "mini-beir"), "--mode", "lexical", "--json", "--run", "run.txt");

        Assert.True(exit == 0, error + output);
        var json = output[output.IndexOf('{', StringComparison.Ordinal)..];
        Assert.Equal("mini-beir", JsonDocument.Parse(json).RootElement.GetProperty("dataset").GetString());
        Assert.True(File.Exists(Path.Combine(_cwd, "run.txt")), "the run file was not written in the caller's directory");
    }

    private async Task<(int Exit, string Output, string Error)> DotnetRunAsync(params string[] arguments)
    {
        // The configuration these tests were built in is the one whose build output exists: run that, without building.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _cwd,
        };
        foreach (var argument in new[] { "run", "--no-build", "-c", configuration, "--project", Path.Combine(ServiceFixture.RepoRoot, "src", "SearchService"), "--" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
