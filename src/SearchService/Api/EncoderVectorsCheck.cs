using Microsoft.Extensions.Diagnostics.HealthChecks;
using SearchService.Engine;
using SearchService.Engine.Indexing;

namespace SearchService.Api;

/// <summary>
/// The sentence-encoder vectors in /health/ready: healthy when complete (or no encoder is configured); while the
/// background encoder works, degraded (still 200: lexical and hybrid serve) with <c>vectors 812/5000</c>, or
/// unhealthy (503) when <c>Search:Embeddings:ReadyWhenEncoded</c> asks to wait for them.
/// </summary>
internal sealed class EncoderVectorsCheck(IndexHandle handle, SearchOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!handle.IsOpen || handle.Current.EncoderProgress is not { } progress)
        {
            return Task.FromResult(HealthCheckResult.Healthy(handle.IsOpen ? "No sentence encoder configured." : "The index is not open yet."));
        }

        var data = new Dictionary<string, object>
        {
            ["model"] = progress.Model,
            ["encoded"] = progress.Encoded,
            ["total"] = progress.Total,
        };
        if (handle.Current.EncoderError is { } error)
        {
            data["error"] = error;
        }

        var result = progress.IsComplete
            ? HealthCheckResult.Healthy($"Semantic vectors complete ({progress}).", data)
            : options.Embeddings.ReadyWhenEncoded
                ? HealthCheckResult.Unhealthy($"Semantic vectors are being built ({progress}).", data: data)
                : HealthCheckResult.Degraded($"Semantic vectors are being built ({progress}); lexical and hybrid search serve meanwhile.", data: data);
        return Task.FromResult(result);
    }
}
