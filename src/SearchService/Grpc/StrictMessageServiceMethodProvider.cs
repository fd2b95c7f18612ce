using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace SearchService.Grpc;

/// <summary>
/// Binds each gRPC service's methods as grpc-dotnet's default binder does (through the generated <c>BindService</c>),
/// but with request marshallers from <see cref="StrictRequestMarshaller"/>: a request that is not a valid protobuf
/// message (invalid UTF-8, a truncated varint, a length past the end, wire type 7, tag 0) is INVALID_ARGUMENT and one
/// Warning line, where grpc-dotnet answers UNKNOWN and logs two stack traces. Deserialization runs before any
/// interceptor sees the call, so the marshaller is the one place to catch it.
/// </summary>
internal sealed class StrictMessageServiceMethodProvider<TService>(ILogger<StrictRequestMarshaller> logger) : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        if (FindBindMethod(typeof(TService)) is { } bind)
        {
            bind.Invoke(null, [new Binder(context, logger), null]);
        }
    }

    /// <summary>The generated <c>static void BindService(ServiceBinderBase, FooBase)</c>, found as grpc-dotnet finds it.</summary>
    private static MethodInfo? FindBindMethod(Type service)
    {
        for (var type = service; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } attribute)
            {
                return attribute.BindType.GetMethod(attribute.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), type]);
            }
        }

        return null;
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, ILogger logger) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Strict(method), Metadata(method.Name, out var m, typeof(TRequest), typeof(ServerCallContext)), Invoker<UnaryServerMethod<TService, TRequest, TResponse>>(m));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Strict(method), Metadata(method.Name, out var m, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)), Invoker<ClientStreamingServerMethod<TService, TRequest, TResponse>>(m));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Strict(method), Metadata(method.Name, out var m, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)), Invoker<ServerStreamingServerMethod<TService, TRequest, TResponse>>(m));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Strict(method), Metadata(method.Name, out var m, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)), Invoker<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(m));

        private Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class
            where TResponse : class =>
            new(method.Type, method.ServiceName, method.Name, StrictRequestMarshaller.Wrap(method.RequestMarshaller, method.FullName, logger), method.ResponseMarshaller);

        private static TDelegate Invoker<TDelegate>(MethodInfo handler)
            where TDelegate : Delegate => (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler);

        // As the default binder: the service's attributes, then the method's (higher priority), then POST only.
        private static List<object> Metadata(string name, out MethodInfo handler, params Type[] parameters)
        {
            handler = typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)
                ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return metadata;
        }
    }
}
