using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SearchService.Hosting;

/// <summary>
/// What a request turned away by a limiter gets: HTTP, a 429 problem with <c>Retry-After</c>; gRPC, a
/// RESOURCE_EXHAUSTED status (a 429 would reach a gRPC client as UNAVAILABLE).
/// </summary>
internal static class RateLimitRejection
{
    public static async ValueTask WriteAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var limits = context.RequestServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value;

        // Only the per-client window knows when a permit comes back; a concurrency slot frees when a search ends.
        var perClient = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var window);
        var retryAfter = perClient ? Math.Max(1, (int)Math.Ceiling(window.TotalSeconds)) : Math.Max(1, limits.RetryAfterSeconds);
        var detail = perClient
            ? $"This client sent more than {limits.PerClientPermitLimit} requests in {limits.PerClientWindow}; retry after {retryAfter} s."
            : $"The service is at its limit of {limits.MaxConcurrentRequests} concurrent searches and {limits.EffectiveQueueLimit} waiting; retry after {retryAfter} s.";

        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitRejection))
            .LogDebug("Rejected {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, perClient ? "per-client limit" : "concurrency limit");

        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A trailers-only gRPC response: the status travels in the headers, there is no message.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "8"; // RESOURCE_EXHAUSTED
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(detail);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
                Title = "Too many requests",
                Detail = detail,
            },
        });
    }
}
