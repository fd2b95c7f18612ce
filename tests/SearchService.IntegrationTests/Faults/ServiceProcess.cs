using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SearchService.IntegrationTests.Faults;

/// <summary>
/// The real service as a separate process (the built SearchService.dll), so a test can kill it with SIGKILL, restart
/// it on the same folders, and look at what it left on disk. Output is captured for assertions on the log.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public HttpClient Http { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static ServiceProcess Start(string seedsPath, string indexPath, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SearchService.dll"));
        start.Environment["Search__SeedsPath"] = seedsPath;
        start.Environment["Search__IndexPath"] = indexPath;
        start.Environment["Search__ChangeDebounce"] = "00:00:00.100";
        start.Environment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}";
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{FreePort()}";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new ServiceProcess(Process.Start(start)!, port);
    }

    /// <summary>Polls until <paramref name="condition"/> holds (bounded; no timing is asserted).</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 120)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited ({_process.ExitCode}) while waiting for {what}.\n{Log}");
            }

            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Gave up waiting for {what} after {seconds} s.\n{Log}");
    }

    public Task WaitUntilReadyAsync() =>
        WaitUntilAsync(async () => (await Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "readiness");

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
