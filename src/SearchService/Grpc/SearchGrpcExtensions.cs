using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SearchService.Grpc;

public static class SearchGrpcExtensions
{
    /// <summary>
    /// gRPC with the exception-to-status interceptor, strict request parsing (malformed protobuf is INVALID_ARGUMENT),
    /// and server reflection (so <c>grpcurl list</c> works). The host sets the receive limit
    /// (<see cref="FrameHeaderBytes"/>).
    /// </summary>
    public static IServiceCollection AddSearchGrpc(this IServiceCollection services)
    {
        services.AddGrpc(grpc => grpc.Interceptors.Add<GrpcExceptionInterceptor>());

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
    public const int FrameHeaderBytes = 5;

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
