using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SearchService.Hosting;

/// <summary>
/// Headers every response carries, whatever produced it (the page, JSON, a problem, health, gRPC): they are added just
/// before the headers go out, so an exception handler clearing the response cannot drop them.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// The search page loads its script, style sheet and data from this origin only and has no inline script or
    /// style (the favicon is a <c>data:</c> image); nothing may frame it.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Kestrel announces itself in a <c>Server</c> header unless told not to.</summary>
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>().Configure(kestrel => kestrel.AddServerHeader = false);
        return services;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.Remove("Server");
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    });
}
