using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using SearchService.Engine.Telemetry;

namespace SearchService.Hosting;

/// <summary>
/// Measures every request from the outside, HTTP and gRPC alike: how long searches and questions took (by the mode the
/// engine was asked for) and which requests were turned away and why. Being first in the pipeline it sees the final
/// status, whether a handler, the exception handler, the rate limiter or gRPC set it.
/// </summary>
internal sealed class RequestTelemetry(SearchMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var grpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
        var transport = grpc ? "grpc" : "http";
        var operation = OperationOf(context.Request.Path, grpc);
        var query = SearchTelemetry.Observe();
        var clock = Stopwatch.StartNew();
        await next();

        var status = grpc ? GrpcStatusOf(context) : context.Response.StatusCode;
        var ok = grpc ? status == 0 : status < 400;
        if (query.Mode is { } mode)
        {
            metrics.RecordQuery(operation, transport, SearchTelemetry.ModeName(mode), ok ? "ok" : "error", clock.Elapsed);
        }

        // A 503 from /health/ready is a report, not a refusal: probes are not counted.
        if (!ok && !context.Request.Path.StartsWithSegments("/health") && (grpc ? GrpcRejection(status) : HttpRejection(status)) is { } reason)
        {
            metrics.RecordRejection(operation, transport, reason);
        }
    }

    private const string GrpcServicePrefix = "/searchservice.v1.SearchService/";

    private static string OperationOf(PathString path, bool grpc) => (grpc, path.Value) switch
    {
        (true, GrpcServicePrefix + "Search") or (false, "/search") => "search",
        (true, GrpcServicePrefix + "Ask") or (false, "/ask") => "ask",
        _ => "other",
    };

    /// <summary>The gRPC status: in the trailers, or in the headers of a trailers-only response (a limiter's refusal).</summary>
    private static int GrpcStatusOf(HttpContext context)
    {
        var value = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers["grpc-status"].ToString();
        if (string.IsNullOrEmpty(value))
        {
            value = context.Response.Headers["grpc-status"].ToString();
        }

        return int.TryParse(value, out var status) ? status : context.Response.StatusCode < 400 ? 0 : 2;
    }

    private static string? HttpRejection(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "invalid_request",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status408RequestTimeout => "timeout",
        StatusCodes.Status413PayloadTooLarge => "body_too_large",
        StatusCodes.Status414UriTooLong => "url_too_long",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status429TooManyRequests => "rate_limited",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "headers_too_large",
        StatusCodes.Status503ServiceUnavailable => "unavailable",
        _ => null,
    };

    private static string? GrpcRejection(int status) => status switch
    {
        3 => "invalid_request",       // INVALID_ARGUMENT
        4 => "timeout",               // DEADLINE_EXCEEDED
        8 => "resource_exhausted",    // RESOURCE_EXHAUSTED: a limiter or a message over the size limit
        9 => "failed_precondition",   // FAILED_PRECONDITION
        14 => "unavailable",          // UNAVAILABLE
        16 => "unauthorized",         // UNAUTHENTICATED
        _ => null,
    };
}
