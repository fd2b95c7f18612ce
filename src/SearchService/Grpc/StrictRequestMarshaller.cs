using Google.Protobuf;
using Grpc.Core;

namespace SearchService.Grpc;

/// <summary>
/// A request marshaller whose deserializer answers a malformed message with INVALID_ARGUMENT (the client's bytes
/// are wrong, not the server) and logs it once at Warning, without a stack trace: a client sending garbage in a
/// loop must not flood the log with traces. A field this server does not know is refused the same way, naming its
/// number, as the HTTP API refuses an unknown parameter: protobuf would otherwise keep it aside and ignore it, so a
/// client built from a newer contract would get unfiltered results that look filtered.
/// </summary>
internal sealed class StrictRequestMarshaller
{
    public static Marshaller<T> Wrap<T>(Marshaller<T> inner, string method, ILogger logger) =>
        new(inner.ContextualSerializer, context =>
        {
            T message;
            try
            {
                message = inner.ContextualDeserializer(context);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not RpcException)
            {
                logger.LogWarning("Refused a malformed {Message} on {Method}: {Reason}", typeof(T).Name, method, ex.Message);
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"The request is not a valid {typeof(T).Name} message: {ex.Message}"));
            }

            if (message is IMessage parsed && UnknownFieldNumber(parsed) is { } number)
            {
                logger.LogWarning("Refused a {Message} with unknown field {Field} on {Method}", typeof(T).Name, number, method);
                throw new RpcException(new Status(
                    StatusCode.InvalidArgument,
                    $"field {number}: {typeof(T).Name} has no field number {number}; unknown fields are refused (check the client's contract against this server's search.proto)."));
            }

            return message;
        });

    /// <summary>
    /// The number of the first top-level field the message's descriptor does not declare, or null. Unknown fields are
    /// kept by the parser and written back on serialization, so the message's own bytes show them.
    /// </summary>
    private static int? UnknownFieldNumber(IMessage message)
    {
        var descriptor = message.Descriptor;
        var input = new CodedInputStream(message.ToByteArray());
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            if (descriptor.FindFieldByNumber(number) is null)
            {
                return number;
            }

            input.SkipLastField();
        }

        return null;
    }
}
