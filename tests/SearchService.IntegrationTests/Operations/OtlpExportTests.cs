using System.Collections.Concurrent;
using System.Net;
using System.Text;
using SearchService.IntegrationTests.Faults;

namespace SearchService.IntegrationTests.Operations;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the real process sends its traces and metrics over OTLP (HTTP/protobuf
/// here) to a collector, which this test plays with an <see cref="HttpListener"/>.
/// </summary>
public sealed class OtlpExportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("searchservice-otlp-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_search_reaches_the_collector_as_a_trace_with_its_stage_spans_and_metrics_follow()
    {
        using var collector = new FakeCollector();
        var seeds = Path.Combine(_root, "seeds");
        Directory.CreateDirectory(seeds);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ServiceFixture.RepoRoot, "seeds"), "*.txt"))
        {
            File.Copy(file, Path.Combine(seeds, Path.GetFileName(file)));
        }

        await using var service = ServiceProcess.Start(seeds, Path.Combine(_root, "index"), new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        await service.WaitUntilReadyAsync();

        (await service.Http.GetAsync("/search?q=doi+moi&mode=lexical")).EnsureSuccessStatusCode();

        // Span names travel as plain UTF-8 strings inside the protobuf payload.
        await service.WaitUntilAsync(() => Task.FromResult(collector.Received("/v1/traces", "lexical") && collector.Received("/v1/traces", "highlight")), "the search trace at the collector");
        await service.WaitUntilAsync(() => Task.FromResult(collector.Received("/v1/metrics", "search.query.duration")), "the query metrics at the collector");
        Assert.True(collector.Received("/v1/traces", "parse"));
        Assert.True(collector.Received("/v1/traces", "SearchService.Search"));
    }

    private sealed class FakeCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, string Body)> _requests = new();
        private readonly Task _loop;

        public FakeCollector()
        {
            for (var attempt = 0; ; attempt++)
            {
                var port = MetricsPortFixture.FreePort();
                Url = $"http://127.0.0.1:{port}";
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add(Url + "/");
                try
                {
                    _listener.Start();
                    break;
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                }
            }

            _loop = Task.Run(ServeAsync);
        }

        public string Url { get; private set; } = "";

        public bool Received(string path, string text) => _requests.Any(r => r.Path == path && r.Body.Contains(text, StringComparison.Ordinal));

        public void Dispose()
        {
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The listener was closed under a pending GetContextAsync.
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _requests.Enqueue((context.Request.Url!.AbsolutePath, Encoding.Latin1.GetString(body.ToArray())));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
