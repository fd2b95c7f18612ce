using Microsoft.Extensions.Diagnostics.HealthChecks;
using SearchService.Engine.Indexing;

namespace SearchService.Api;

/// <summary>Ready once the first index is usable; an indexing failure after that degrades, it does not unready.</summary>
internal sealed class IndexReadinessCheck(IndexStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["ready"] = status.IsReady,
            ["lastIndexedAt"] = status.LastIndexedAt?.ToString("O") ?? "",
            ["skippedSources"] = status.Skipped.Count,
        };
        if (status.Recovery is not null)
        {
            data["recovery"] = status.Recovery;
        }

        var result = (status.IsReady, status.LastError) switch
        {
            (false, null) => HealthCheckResult.Unhealthy("The index is being built.", data: data),
            (false, var error) => HealthCheckResult.Unhealthy(error, data: data),
            (true, null) => HealthCheckResult.Healthy("The index is serving.", data),
            (true, var error) => HealthCheckResult.Degraded(error, data: data),
        };
        return Task.FromResult(result);
    }
}
