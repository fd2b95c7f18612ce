using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SearchService.Grpc.V1;
using SearchService.Testing;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests.Grpc;

/// <summary>The running service with every log entry captured, on Kestrel: the frames go over HTTP/2 to the gRPC port.</summary>
public sealed class LogCapturingFixture : RunningService
{
    public CapturedLogs Logs { get; } = new();

    protected override ServiceHosting Hosting => ServiceHosting.Kestrel;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}

public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        // What the service's configured filters let through is what an operator's log shows.
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}

/// <summary>
/// Raw gRPC frames (1-byte compressed flag, 4-byte big-endian length, payload) sent over HTTP/2 to Kestrel's gRPC
/// port: a payload that is not a valid protobuf message was UNKNOWN with two stack traces logged per call; it is
/// INVALID_ARGUMENT with one Warning line and no stack trace. An oversize message is RESOURCE_EXHAUSTED.
/// </summary>
public sealed class MalformedProtobufTests(LogCapturingFixture service) : IClassFixture<LogCapturingFixture>
{
    public static TheoryData<string, byte[]> MalformedPayloads() => new()
    {
        { "invalid UTF-8 in q", [0x0A, 0x02, 0xC3, 0x28] },
        { "truncated varint", [0x10, 0xFF] },
        { "length past the end", [0x0A, 0x10, 0x61] },
        { "wire type 7", [0x0F, 0x00] },
        { "tag 0", [0x00, 0x01] },
    };

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public async Task MalformedMessage_IsInvalidArgument_LoggedOnceAtWarningWithoutAStackTrace(string what, byte[] payload)
    {
        foreach (var method in new[] { "Search", "Ask" })
        {
            service.Logs.Entries.Clear();

            var (status, detail) = await SendRawAsync(method, payload);

            Assert.True(status == StatusCode.InvalidArgument, $"{what} on {method}: {status} {detail}");
            Assert.Contains("not a valid", detail, StringComparison.Ordinal);
            var logged = service.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
            var line = Assert.Single(logged);
            Assert.Equal(LogLevel.Warning, line.Level);
            Assert.Null(line.Exception);
            Assert.DoesNotContain(service.Logs.Entries, e => e.Exception is not null);
        }
    }

    [Fact]
    public async Task ValidRawMessage_StillAnswers()
    {
        var (status, _) = await SendRawAsync("Search", [0x0A, 0x07, .. "doi moi"u8.ToArray()]);

        Assert.Equal(StatusCode.OK, status);
    }

    [Fact]
    public async Task MessageOverTheBodyLimit_IsResourceExhausted()
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{service.GrpcPort}");

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new SearchClient(channel).SearchAsync(new SearchRequest { Q = new string('a', 70 * 1024) }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    private async Task<(StatusCode Status, string Detail)> SendRawAsync(string method, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{service.GrpcPort}/searchservice.v1.SearchService/{method}")
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        // A trailers-only response carries the status in its headers.
        var headers = response.TrailingHeaders.Contains("grpc-status") ? response.TrailingHeaders : response.Headers;
        Assert.True(headers.Contains("grpc-status"), $"HTTP {(int)response.StatusCode} {response.Version}: {response.Headers} {response.Content.Headers}");
        var status = (StatusCode)int.Parse(headers.GetValues("grpc-status").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var detail = headers.TryGetValues("grpc-message", out var messages) ? Uri.UnescapeDataString(messages.Single()) : "";
        return (status, detail);
    }
}
