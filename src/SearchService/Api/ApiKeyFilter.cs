using Microsoft.AspNetCore.Http.HttpResults;

namespace SearchService.Api;

/// <summary>
/// Lets a request through only with the configured key in <c>X-Api-Key</c>; otherwise a 401 problem. The comparison
/// is <see cref="AdminKey"/>'s, which gRPC's admin calls use too.
/// </summary>
internal sealed class ApiKeyFilter(string apiKey) : IEndpointFilter
{
    public const string HeaderName = AdminKey.HeaderName;

    private readonly AdminKey _key = new(apiKey);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (Accepts(context.HttpContext.Request))
        {
            return await next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
        return Refusal();
    }

    public bool Accepts(HttpRequest request) => _key.Matches(request.Headers[HeaderName]);

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
