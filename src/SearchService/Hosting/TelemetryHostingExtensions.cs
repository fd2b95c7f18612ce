using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SearchService.Api;
using SearchService.Engine.Telemetry;

namespace SearchService.Hosting;

/// <summary>
/// OpenTelemetry, the way service defaults wire it: the engine's meter and ASP.NET Core's on a Prometheus scrape
/// endpoint (see <see cref="MetricsOptions"/>); traces and metrics over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set (the standard <c>OTEL_*</c> variables configure the rest). Also the security headers and the request
/// measurements, which must run first in the pipeline.
/// </summary>
public static class TelemetryHostingExtensions
{
    public static IHostApplicationBuilder AddSearchTelemetry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.SectionName)
            .Validate(m => m.Path.StartsWith('/'), "Search:Telemetry:Metrics:Path must start with '/'.")
            .Validate(m => m.Url is null || MetricsListener.TryParse(m.Url, out _), "Search:Telemetry:Metrics:Url must be an http URL with a port, e.g. http://127.0.0.1:9464.")
            .ValidateOnStart();

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName))
            // The Prometheus exporter only does work when scraped; whether anything can scrape it is decided below.
            // No response cache (the exporter's default is 300 ms): a scrape right after a change shows it. The endpoint is
            // private (own port or key), so there is no flood of anonymous scrapes to absorb.
            .WithMetrics(metrics => metrics
                .AddMeter(SearchMetrics.MeterName)
                .AddMeter(SearchService.Cluster.Search.ClusterMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        if (otlp)
        {
            // Traces cost an activity per request and stage: only collected when there is somewhere to send them.
            telemetry.WithTracing(tracing => tracing.AddSource(SearchTelemetry.ActivitySourceName).AddAspNetCoreInstrumentation());
            telemetry.UseOtlpExporter();
        }

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<MetricsOptions>>((kestrel, metrics) =>
        {
            if (metrics.Value.Enabled && metrics.Value.Url is { } url && MetricsListener.TryParse(url, out var listener))
            {
                listener.Listen(kestrel);
            }
        });

        services.AddSecurityHeaders();
        services.AddSingleton<RequestTelemetry>();
        services.AddTransient<IStartupFilter, OuterPipeline>();
        return builder;
    }

    /// <summary>Runs before the application's own pipeline, so it sees (and decorates) every response.</summary>
    private sealed class OuterPipeline(RequestTelemetry telemetry, IOptions<MetricsOptions> metrics, IOptions<AdminOptions> admin) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseSecurityHeaders();
            app.Use((context, nextMiddleware) => telemetry.InvokeAsync(context, () => nextMiddleware(context)));
            MapScrapeEndpoint(app, metrics.Value, admin.Value);
            next(app);
        };
    }

    private static void MapScrapeEndpoint(IApplicationBuilder app, MetricsOptions options, AdminOptions admin)
    {
        if (!options.Enabled)
        {
            return;
        }

        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TelemetryHostingExtensions));
        if (options.Url is { } url && MetricsListener.TryParse(url, out var listener))
        {
            // Its own port: answered only to requests that arrived there, whatever Host header they claim.
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider: null,
                predicate: context => context.Connection.LocalPort == listener.Port && context.Request.Path == options.Path,
                path: null,
                configureBranchedPipeline: null,
                optionsName: null);
            logger.LogInformation("Metrics: Prometheus scrape endpoint on {Url}{Path}", url, options.Path);
        }
        else if (admin.Enabled)
        {
            var key = new ApiKeyFilter(admin.ApiKey!);
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider: null,
                predicate: context => context.Request.Path == options.Path,
                path: null,
                configureBranchedPipeline: branch => branch.Use((context, next) => key.Accepts(context.Request) ? next(context) : key.RefuseAsync(context)),
                optionsName: null);
            logger.LogInformation("Metrics: Prometheus scrape endpoint at {Path} on the service's port, with the admin API key", options.Path);
        }
        else
        {
            logger.LogInformation(
                "Metrics: collected but not served; set Search:Telemetry:Metrics:Url (a port of its own) or Search:Admin:ApiKey to scrape {Path}", options.Path);
        }
    }
}
