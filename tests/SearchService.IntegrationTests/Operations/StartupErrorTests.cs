using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SearchService.IntegrationTests.Operations;

/// <summary>The real program, started on an address another process holds.</summary>
public sealed class StartupErrorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("searchservice-startup-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("Http", "127.0.0.1")]
    [InlineData("Grpc", "localhost")]
    public async Task A_taken_port_is_one_line_naming_the_setting_and_a_failing_exit_code(string endpoint, string host)
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var other = endpoint == "Http" ? "Grpc" : "Http";

        var (exit, output, error) = await RunServiceAsync(new Dictionary<string, string>
        {
            [$"Kestrel__Endpoints__{endpoint}__Url"] = $"http://{host}:{taken}",
            [$"Kestrel__Endpoints__{other}__Url"] = "http://127.0.0.1:0",
        });

        var everything = $"exit {exit}\nstdout:\n{output}\nstderr:\n{error}";
        Assert.True(exit != 0, everything);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, everything);
        var line = lines[0];
        Assert.Contains($"http://{host}:{taken}", line, StringComparison.Ordinal);
        Assert.Contains($"Kestrel:Endpoints:{endpoint}:Url", line, StringComparison.Ordinal);
        Assert.Contains($"Kestrel__Endpoints__{endpoint}__Url", line, StringComparison.Ordinal);
        Assert.False(everything.Contains("   at ", StringComparison.Ordinal) || everything.Contains("Exception", StringComparison.Ordinal), everything);
    }

    [Fact]
    public async Task An_invalid_setting_is_one_line_naming_it_and_a_failing_exit_code()
    {
        var (exit, output, error) = await RunServiceAsync(new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0",
            ["Kestrel__Endpoints__Grpc__Url"] = "http://127.0.0.1:0",
            ["Search__Limits__MaxConcurrentRequests"] = "0",
        });

        Assert.NotEqual(0, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Search:Limits:MaxConcurrentRequests", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> RunServiceAsync(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SearchService.dll"));
        start.Environment["Search__SeedsPath"] = Path.Combine(_root, "seeds");
        start.Environment["Search__IndexPath"] = Path.Combine(_root, "index");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The service kept running on a taken port.\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
