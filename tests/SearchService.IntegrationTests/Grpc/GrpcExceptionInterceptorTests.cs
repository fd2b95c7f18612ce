using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;
using SearchService.Grpc;

namespace SearchService.IntegrationTests;

/// <summary>The interceptor alone: each engine failure becomes its status, and no exception text escapes.</summary>
public sealed class GrpcExceptionInterceptorTests
{
    private readonly GrpcExceptionInterceptor _interceptor = new(NullLogger<GrpcExceptionInterceptor>.Instance);

    public static TheoryData<string, StatusCode> Failures => new()
    {
        { "invalid-query", StatusCode.InvalidArgument },
        { "not-ready", StatusCode.Unavailable },
        { "semantic-unavailable", StatusCode.Unavailable },
        { "cancelled", StatusCode.Cancelled },
        { "deadline", StatusCode.DeadlineExceeded },
        { "bug", StatusCode.Internal },
        { "unrelated-cancellation", StatusCode.Internal },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task EngineFailure_BecomesItsStatus(string failure, StatusCode expected)
    {
        using var cancellation = new CancellationTokenSource();
        var deadline = DateTime.MaxValue;
        Exception exception;
        switch (failure)
        {
            case "invalid-query":
                exception = new InvalidQueryException("q", "The query is not valid Lucene syntax: nope");
                break;
            case "not-ready":
                exception = new IndexNotReadyException();
                break;
            case "semantic-unavailable":
                exception = new SemanticUnavailableException();
                break;
            case "cancelled":
                await cancellation.CancelAsync();
                exception = new OperationCanceledException(cancellation.Token);
                break;
            case "deadline":
                await cancellation.CancelAsync();
                deadline = DateTime.UtcNow.AddSeconds(-1);
                exception = new OperationCanceledException(cancellation.Token);
                break;
            case "unrelated-cancellation":
                exception = new OperationCanceledException();
                break;
            default:
                exception = new InvalidOperationException("secret internals at SearchService.Engine");
                break;
        }

        var context = new FakeCallContext(cancellation.Token, deadline);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _interceptor.UnaryServerHandler<string, string>("request", context, (_, _) => throw exception));

        Assert.Equal(expected, error.StatusCode);
        Assert.DoesNotContain("secret", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Status.Detail, StringComparison.Ordinal);
        if (failure == "invalid-query")
        {
            Assert.Equal("The query is not valid Lucene syntax: nope", error.Status.Detail);
        }
    }

    [Fact]
    public async Task RpcException_PassesThroughUnchanged()
    {
        var thrown = new RpcException(new Status(StatusCode.NotFound, "No indexed document has the id 'x'."));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _interceptor.UnaryServerHandler<string, string>("request", new FakeCallContext(CancellationToken.None, DateTime.MaxValue), (_, _) => throw thrown));

        Assert.Same(thrown, error);
    }

    private sealed class FakeCallContext(CancellationToken cancellationToken, DateTime deadline) : ServerCallContext
    {
        protected override string MethodCore => "/searchservice.v1.SearchService/Search";

        protected override string HostCore => "localhost";

        protected override string PeerCore => "ipv4:127.0.0.1:1";

        protected override DateTime DeadlineCore => deadline;

        protected override Metadata RequestHeadersCore { get; } = [];

        protected override CancellationToken CancellationTokenCore => cancellationToken;

        protected override Metadata ResponseTrailersCore { get; } = [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore { get; } = new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
            throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
