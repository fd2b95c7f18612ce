using Grpc.Core;
using Grpc.Core.Interceptors;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Grpc;

/// <summary>
/// Turns the engine's expected failures into gRPC statuses, as <c>ApiExceptionHandler</c> does for HTTP, so each RPC
/// stays a few lines: a query that cannot run is INVALID_ARGUMENT, an index still opening (or semantic retrieval not
/// available) is UNAVAILABLE, a call
/// cancelled by its client or its deadline is CANCELLED or DEADLINE_EXCEEDED. Anything else is INTERNAL with a
/// fixed message: the exception is logged, never sent.
/// </summary>
public sealed class GrpcExceptionInterceptor(ILogger<GrpcExceptionInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw new RpcException(ToStatus(exception, context));
        }
    }

    public Status ToStatus(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case InvalidQueryException invalid:
                return new Status(StatusCode.InvalidArgument, invalid.Message);
            case IndexNotReadyException notReady:
                return new Status(StatusCode.Unavailable, notReady.Message);
            case SemanticUnavailableException semantic:
                return new Status(StatusCode.Unavailable, semantic.Message);
            case VectorsIncompleteException incomplete:
                return new Status(StatusCode.Unavailable, incomplete.Message);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return context.Deadline <= DateTime.UtcNow
                    ? new Status(StatusCode.DeadlineExceeded, "The call's deadline passed before the search finished.")
                    : new Status(StatusCode.Cancelled, "The call was cancelled.");
            default:
                logger.LogError(exception, "gRPC call {Method} failed.", context.Method);
                return new Status(StatusCode.Internal, "The server failed to handle the call; it has been logged.");
        }
    }
}
