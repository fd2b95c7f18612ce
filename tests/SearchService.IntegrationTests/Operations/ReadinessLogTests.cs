using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SearchService.Engine.Indexing;

namespace SearchService.IntegrationTests.Operations;

/// <summary>
/// A readiness probe while the first index is still being built is answered 503 and is not logged as an error.
/// The indexing worker is left out, so the service stays "being built" for as long as the test probes.
/// </summary>
public sealed class ReadinessLogTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("searchservice-readiness-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Probes_while_the_index_is_being_built_are_503_and_log_no_error()
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("Search:SeedsPath", Path.Combine(_root, "seeds"));
            web.UseSetting("Search:IndexPath", Path.Combine(_root, "index"));
            web.ConfigureLogging(logging => logging.AddProvider(logs));
            web.ConfigureTestServices(services =>
            {
                var worker = services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(IndexingWorker));
                services.Remove(worker);
            });
        });
        using var client = factory.CreateClient();

        for (var probe = 0; probe < 3; probe++)
        {
            using var response = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("Unhealthy", StringComparison.Ordinal));
    }

    private sealed record Entry(string Category, LogLevel Level, string Message);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new Entry(category, logLevel, formatter(state, exception)));
        }
    }
}
