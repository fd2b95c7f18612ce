using Microsoft.AspNetCore.Http;
using SearchService.Api;

namespace SearchService.IntegrationTests.Security;

/// <summary>
/// Holds search requests that carry <see cref="Header"/> inside the endpoint (so inside the concurrency limit) until
/// the test releases them, and tells the test when one is held: overload tested without any timing.
/// </summary>
public sealed class HoldFilter : ISearchEndpointFilter
{
    public const string Header = "X-Test-Hold";

    private readonly SemaphoreSlim _entered = new(0);
    private readonly SemaphoreSlim _release = new(0);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Request.Headers.ContainsKey(Header))
        {
            _entered.Release();
            await _release.WaitAsync(context.HttpContext.RequestAborted);
        }

        return await next(context);
    }

    /// <summary>Completes once a held request is inside the endpoint (fails after a minute, as a safety net).</summary>
    public async Task WaitUntilHeldAsync()
    {
        if (!await _entered.WaitAsync(TimeSpan.FromMinutes(1)))
        {
            throw new TimeoutException("No held request reached the endpoint.");
        }
    }

    public void ReleaseOne() => _release.Release();
}
