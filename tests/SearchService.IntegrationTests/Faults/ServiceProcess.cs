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
    private readonly StringBuilder _log = new();
    private readonly string _seedsPath;
    private readonly string _indexPath;
    private readonly IReadOnlyDictionary<string, string>? _settings;
    private Process _process;
    private int _relaunches;

    private ServiceProcess(string seedsPath, string indexPath, IReadOnlyDictionary<string, string>? settings)
    {
        _seedsPath = seedsPath;
        _indexPath = indexPath;
        _settings = settings;
        (_process, Http) = Launch();
    }

    public HttpClient Http { get; private set; }

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

    public static ServiceProcess Start(string seedsPath, string indexPath, IReadOnlyDictionary<string, string>? settings = null) =>
        new(seedsPath, indexPath, settings);

    private (Process Process, HttpClient Http) Launch()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SearchService.dll"));
        start.Environment["Search__SeedsPath"] = _seedsPath;
        start.Environment["Search__IndexPath"] = _indexPath;
        start.Environment["Search__ChangeDebounce"] = "00:00:00.100";
        start.Environment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}";
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{FreePort()}";
        start.Environment["Logging__LogLevel__Default"] = "Information";

        // Fault tests index thousands of generated passages; encoding them with MiniLM would cost minutes of CI
        // and is not what they test (the encoder's own restart and recovery are tested in EncoderVectorTests).
        start.Environment["Search__Embeddings__Model"] = "none";
        foreach (var (key, value) in _settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) });
    }

    /// <summary>Polls until <paramref name="condition"/> holds (bounded; no timing is asserted).</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 120)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (_process.HasExited)
            {
                // A port found free can be taken by a parallel test before the service binds it: launch on new ones.
                if (_relaunches < 5 && Log.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    _relaunches++;
                    Http.Dispose();
                    _process.Dispose();
                    lock (_log)
                    {
                        _log.Clear();
                    }

                    (_process, Http) = Launch();
                    continue;
                }

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
