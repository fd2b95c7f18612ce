namespace SearchService.Hosting;

/// <summary>
/// Configuration section <c>Search:Limits</c>: how much work the service accepts before it answers 429 instead of
/// queueing, and how large a request may be.
/// </summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "Search:Limits";

    /// <summary>Searches and questions (HTTP and gRPC together) running at once. Default: 4 per processor.</summary>
    public int MaxConcurrentRequests { get; set; } = 4 * Environment.ProcessorCount;

    /// <summary>Searches that may wait for a free slot; the next one is a 429. Default (null): twice <see cref="MaxConcurrentRequests"/>.</summary>
    public int? QueueLimit { get; set; }

    /// <summary>Requests per <see cref="PerClientWindow"/> from one client IP address, on every endpoint but health. 0: no per-client limit.</summary>
    public int PerClientPermitLimit { get; set; }

    public TimeSpan PerClientWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The <c>Retry-After</c> sent when the concurrency limit rejects (the per-client window knows its own).</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Larger request bodies are a 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>A longer HTTP/1.1 request line (method, URL, version) is a 414.</summary>
    public int MaxRequestLineBytes { get; set; } = 16 * 1024;

    public int EffectiveQueueLimit => QueueLimit ?? 2 * MaxConcurrentRequests;
}
