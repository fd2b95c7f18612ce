using Grpc.Core;
using SearchService.Push;

namespace SearchService.Grpc;

/// <summary>
/// The gRPC edge of push ingestion: the admin key from the call's metadata, and push failures as statuses. The key
/// is the HTTP one, read from the same header (<c>x-api-key</c>) by the same <see cref="AdminKey"/> check.
/// </summary>
internal static class GrpcPushStatus
{
    /// <summary>
    /// Refuses the call unless push is on and the key is right: UNIMPLEMENTED without a configured key (HTTP: the
    /// routes are not mapped, 404), UNAUTHENTICATED when the key is missing or wrong (HTTP 401).
    /// </summary>
    public static void RequireAdminKey(ServerCallContext context, AdminOptions admin)
    {
        if (!admin.Enabled)
        {
            throw new RpcException(new Status(
                StatusCode.Unimplemented,
                "Push ingestion is off: it needs Search:Admin:ApiKey to be configured."));
        }

        if (!new AdminKey(admin.ApiKey!).Matches(context.GetHttpContext().Request.Headers[AdminKey.HeaderName]))
        {
            throw new RpcException(new Status(
                StatusCode.Unauthenticated,
                $"Admin operations need the configured key in the {AdminKey.HeaderName.ToLowerInvariant()} metadata."));
        }
    }

    public static RpcException ToRpcException(PushFailure failure) => failure.Errors is { } errors
        ? SearchGrpcService.InvalidArgument(errors)
        : new RpcException(new Status(CodeOf(failure.Kind), $"{failure.Title}: {failure.Detail}"));

    public static StatusCode CodeOf(PushFailureKind kind) => kind switch
    {
        PushFailureKind.Invalid or PushFailureKind.NotIndexable => StatusCode.InvalidArgument,
        PushFailureKind.NotFound => StatusCode.NotFound,
        PushFailureKind.FolderDocument => StatusCode.FailedPrecondition,
        PushFailureKind.TooLarge => StatusCode.ResourceExhausted,
        PushFailureKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Internal,
    };
}
