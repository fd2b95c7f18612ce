using Grpc.AspNetCore.Server;
using SearchService.Api;
using SearchService.Api.OpenApi;
using SearchService.Api.ResponseJson;
using Microsoft.Extensions.Options;
using SearchService.Engine;
using SearchService.Engine.Indexing;
using SearchService.Grpc;

namespace SearchService.Hosting;

public static class SearchHostingExtensions
{
    /// <summary>The engine: options from the <c>Search</c> section, the index, its worker and the search services.</summary>
    public static IHostApplicationBuilder AddSearchEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.SectionName);
        builder.Services.AddSearchEngineCore();
        return builder;
    }

    /// <summary>
    /// One line saying which process holds the configured index folder, when another SearchService does; checked
    /// before the host starts so the refusal is that line and an exit code, not a half-started server.
    /// </summary>
    public static string? IndexFolderInUse(this IHost app) =>
        IndexFolderLock.FindHolder(SearchPaths.Resolve(app.Services.GetRequiredService<IOptions<SearchOptions>>().Value.IndexPath));

    /// <summary>The HTTP surface: JSON conventions, problem details, OpenAPI, health checks, gRPC, limits, CORS and admin.</summary>
    public static IHostApplicationBuilder AddSearchApi(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(json => ApiJsonOptions.Configure(json.SerializerOptions));
        // A malformed query-string value (k=ten) is an exception the API's handler words as a 400 naming the
        // parameter, rather than a bare 400 with no body.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddSingleton(services => new ResponseJsonWriter(services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddOpenApi(options => options.AddSearchServiceDocumentation());
        builder.Services.AddHealthChecks()
            .AddCheck<IndexReadinessCheck>("index", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<EncoderVectorsCheck>("vectors", tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddSearchGrpc();
        builder.Services.AddSingleton<Push.DocumentPusher>();  // push ingestion, shared by HTTP and gRPC

        // gRPC's receive limit is the HTTP body limit (over it is RESOURCE_EXHAUSTED), less the message frame header.
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IOptions<RequestLimitsOptions>>((grpc, limits) =>
            grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, Math.Max(1, limits.Value.MaxRequestBodyBytes - SearchGrpcExtensions.FrameHeaderBytes)));
        builder.AddSearchProtection();
        return builder;
    }
}
