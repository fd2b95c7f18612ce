using Grpc.Core;

namespace SearchService.Grpc;

/// <summary>
/// A request marshaller whose deserializer answers a malformed message with INVALID_ARGUMENT (the client's bytes
/// are wrong, not the server) and logs it once at Warning, without a stack trace: a client sending garbage in a
/// loop must not flood the log with traces.
/// </summary>
internal sealed class StrictRequestMarshaller
{
    public static Marshaller<T> Wrap<T>(Marshaller<T> inner, string method, ILogger logger) =>
        new(inner.ContextualSerializer, context =>
        {
            try
            {
                return inner.ContextualDeserializer(context);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not RpcException)
            {
                logger.LogWarning("Refused a malformed {Message} on {Method}: {Reason}", typeof(T).Name, method, ex.Message);
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"The request is not a valid {typeof(T).Name} message: {ex.Message}"));
            }
        });
}
