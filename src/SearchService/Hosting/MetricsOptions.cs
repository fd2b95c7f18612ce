namespace SearchService.Hosting;

/// <summary>
/// Configuration section <c>Search:Telemetry:Metrics</c>: the Prometheus scrape endpoint. It is never open on the
/// public port: either give it a port of its own (<see cref="Url"/>, e.g. loopback or an internal interface), or it
/// answers on the public port only to the admin API key (<c>Search:Admin:ApiKey</c> in <c>X-Api-Key</c>). With
/// neither, metrics are still collected (and exported over OTLP when configured) but not served.
/// </summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Search:Telemetry:Metrics";

    /// <summary>Off: no scrape endpoint (metrics still go out over OTLP when that is configured).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The scrape path.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>An address of its own for the scrape endpoint, e.g. <c>http://127.0.0.1:9464</c>; only requests arriving there are answered, without a key.</summary>
    public string? Url { get; set; }
}
