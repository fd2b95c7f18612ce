namespace SearchService.Hosting;

/// <summary>Configuration section <c>Search:Cors</c>. No origins (the default): no CORS headers at all.</summary>
public sealed class CorsSettings
{
    public const string SectionName = "Search:Cors";

    /// <summary>Origins of browser UIs allowed to call the API, e.g. <c>https://search.example.com</c> (scheme, host, port; no path).</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
