using System.Threading.RateLimiting;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using SearchService.Api;

namespace SearchService.Hosting;

/// <summary>Overload protection, request size limits, CORS and the admin key: each from its own configuration section.</summary>
public static class SecurityHostingExtensions
{
    /// <summary>The rate limiter policy of the search-type operations (HTTP /search and /ask, gRPC Search and Ask).</summary>
    public const string SearchPolicy = "search";

    /// <summary>The gRPC methods that run a search, and so share the HTTP search endpoints' concurrency limit.</summary>
    private static readonly HashSet<string> SearchGrpcMethods = new(StringComparer.Ordinal) { "Search", "Ask" };

    public static IHostApplicationBuilder AddSearchProtection(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RequestLimitsOptions>()
            .BindConfiguration(RequestLimitsOptions.SectionName)
            .Validate(l => l.MaxConcurrentRequests >= 1, "Search:Limits:MaxConcurrentRequests must be at least 1.")
            .Validate(l => l.EffectiveQueueLimit >= 0, "Search:Limits:QueueLimit must not be negative.")
            .Validate(l => l.PerClientPermitLimit >= 0, "Search:Limits:PerClientPermitLimit must not be negative (0 turns it off).")
            .Validate(l => l.PerClientPermitLimit == 0 || l.PerClientWindow > TimeSpan.Zero, "Search:Limits:PerClientWindow must be positive.")
            .Validate(l => l.MaxRequestBodyBytes > 0 && l.MaxRequestLineBytes > 0, "Search:Limits:MaxRequestBodyBytes and MaxRequestLineBytes must be positive.")
            .ValidateOnStart();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        services.AddOptions<CorsSettings>().BindConfiguration(CorsSettings.SectionName);

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestLineSize = limits.Value.MaxRequestLineBytes;
        });

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RequestLimitsOptions>>((options, limitsOptions) =>
        {
            var limits = limitsOptions.Value;
            options.OnRejected = RateLimitRejection.WriteAsync;

            // One partition for the whole policy: every search-type endpoint shares these slots and this queue.
            options.AddConcurrencyLimiter(SearchPolicy, concurrency =>
            {
                concurrency.PermitLimit = limits.MaxConcurrentRequests;
                concurrency.QueueLimit = limits.EffectiveQueueLimit;
                concurrency.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });

            if (limits.PerClientPermitLimit > 0)
            {
                // Every endpoint except health (which opts out), per client IP. Behind a reverse proxy configure
                // forwarded headers, or every client shares the proxy's address.
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PerClientPermitLimit,
                        Window = limits.PerClientWindow,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            }
        });

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((cors, settings) =>
        {
            var origins = settings.Value.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')).ToArray();
            if (origins.Length > 0)
            {
                cors.AddDefaultPolicy(policy => policy
                    .WithOrigins(origins)
                    .WithMethods(HttpMethods.Get, HttpMethods.Post)
                    .WithHeaders("Content-Type")
                    .WithExposedHeaders("Retry-After"));
            }
        });

        return builder;
    }

    /// <summary>
    /// Puts the gRPC methods that search (<c>Search</c>, <c>Ask</c>) of services mapped on <paramref name="group"/>
    /// under the search concurrency limit; the others (documents, stats, reflection) stay unlimited.
    /// </summary>
    public static RouteGroupBuilder RequireSearchLimitOnGrpcSearches(this RouteGroupBuilder group)
    {
        // Finally: gRPC adds its method metadata in the endpoint's own conventions, which run after the group's.
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var method = endpoint.Metadata.OfType<GrpcMethodMetadata>().FirstOrDefault();
            if (method is not null && SearchGrpcMethods.Contains(method.Method.Name))
            {
                endpoint.Metadata.Add(new EnableRateLimitingAttribute(SearchPolicy));
            }
        });
        return group;
    }
}
