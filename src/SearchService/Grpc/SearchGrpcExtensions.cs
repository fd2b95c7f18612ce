using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SearchService.Hosting;

namespace SearchService.Grpc;

public static class SearchGrpcExtensions
{
    /// <summary>
    /// gRPC with the exception-to-status interceptor, strict request parsing (malformed protobuf is INVALID_ARGUMENT),
    /// a receive limit equal to the HTTP body limit (over it is RESOURCE_EXHAUSTED), and server reflection (so
    /// <c>grpcurl list</c> works).
    /// </summary>
    public static IServiceCollection AddSearchGrpc(this IServiceCollection services)
    {
        services.AddGrpc(grpc => grpc.Interceptors.Add<GrpcExceptionInterceptor>());
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<RequestLimitsOptions>>((grpc, limits) =>
            grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, Math.Max(1, limits.Value.MaxRequestBodyBytes - GrpcFrameHeaderBytes)));

        // Replaces grpc-dotnet's default binder (same binding, strict request marshallers).
        services.RemoveWhere(typeof(IServiceMethodProvider<>), IsDefaultBinder);
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(StrictMessageServiceMethodProvider<>)));

        // grpc-dotnet logs a refused message at Information with its stack trace, and any RpcException the same way;
        // the strict marshaller's one Warning line says it instead. Its own errors (Error level) still show.
        services.AddLogging(logging => logging.AddFilter(GrpcCallHandlerCategory, LogLevel.Warning));
        services.AddGrpcReflection();
        return services;
    }

    /// <summary>The compressed flag and the 4-byte length that precede each gRPC message.</summary>
    private const int GrpcFrameHeaderBytes = 5;

    private const string GrpcCallHandlerCategory = "Grpc.AspNetCore.Server.ServerCallHandler";

    private static void RemoveWhere(this IServiceCollection services, Type serviceType, Func<ServiceDescriptor, bool> match)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == serviceType && match(d)).ToList())
        {
            services.Remove(descriptor);
        }
    }

    private static bool IsDefaultBinder(ServiceDescriptor descriptor) =>
        descriptor.ImplementationType is { IsGenericTypeDefinition: true, Name: "BinderServiceMethodProvider`1" };

    /// <summary>
    /// Maps <c>searchservice.v1.SearchService</c> and the reflection service. gRPC needs HTTP/2: Kestrel's <c>Grpc</c>
    /// endpoint (cleartext HTTP/2, <c>http://localhost:5081</c> by default) serves it.
    /// </summary>
    public static IEndpointRouteBuilder MapSearchGrpc(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<SearchGrpcService>();
        app.MapGrpcReflectionService();
        return app;
    }
}
