using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SearchService.Api;

/// <summary>
/// Lets a request through only with the configured key in <c>X-Api-Key</c>; otherwise a 401 problem. The key is
/// compared in constant time (as SHA-256 digests, so not even its length leaks) and never logged or echoed.
/// </summary>
internal sealed class ApiKeyFilter(string apiKey) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (Accepts(context.HttpContext.Request))
        {
            return await next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
        return Refusal();
    }

    public bool Accepts(HttpRequest request)
    {
        var presented = request.Headers[HeaderName];
        return presented.Count == 1 && CryptographicOperations.FixedTimeEquals(_expected, SHA256.HashData(Encoding.UTF8.GetBytes(presented[0] ?? "")));
    }

    /// <summary>The 401 problem, for callers outside an endpoint (middleware).</summary>
    public Task RefuseAsync(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
        return Refusal().ExecuteAsync(context);
    }

    private static ProblemHttpResult Refusal() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "API key required",
        detail: $"Admin operations need the configured key in the {HeaderName} header.");
}
