namespace SearchService.Grpc;

public static class SearchGrpcExtensions
{
    /// <summary>gRPC with the exception-to-status interceptor, and server reflection (so <c>grpcurl list</c> works).</summary>
    public static IServiceCollection AddSearchGrpc(this IServiceCollection services)
    {
        services.AddGrpc(grpc => grpc.Interceptors.Add<GrpcExceptionInterceptor>());
        services.AddGrpcReflection();
        return services;
    }

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
