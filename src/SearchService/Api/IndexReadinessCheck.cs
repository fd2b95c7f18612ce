using Microsoft.Extensions.Diagnostics.HealthChecks;
using SearchService.Engine.Indexing;

namespace SearchService.Api;

/// <summary>
/// Ready once the first index is usable; after that a problem (an indexing failure, a stalled pass, a missing or empty
/// sources folder) degrades, it does not unready. A stalled first pass counts as ready: the service then serves what
/// is committed rather than answering 503 forever.
/// </summary>
internal sealed class IndexReadinessCheck(IndexStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var ready = status.IsReady;
        var data = new Dictionary<string, object>
        {
            ["ready"] = ready,
            ["lastIndexedAt"] = status.LastIndexedAt?.ToString("O") ?? "",
            ["skippedSources"] = status.Skipped.Count,
        };
        if (status.Recovery is not null)
        {
            data["recovery"] = status.Recovery;
        }

        if (ready)
        {
            status.ReportReady();
        }

        var result = (ready, status.Problem) switch
        {
            (false, null) => HealthCheckResult.Unhealthy("The index is being built.", data: data),
            (false, var error) => HealthCheckResult.Unhealthy(error, data: data),
            (true, null) => HealthCheckResult.Healthy("The index is serving.", data),
            (true, var error) => HealthCheckResult.Degraded(error, data: data),
        };
        return Task.FromResult(result);
    }
}
