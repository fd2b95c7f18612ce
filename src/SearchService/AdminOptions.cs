namespace SearchService;

/// <summary>Configuration section <c>Search:Admin</c>. Without an API key the admin endpoints do not exist.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Search:Admin";

    /// <summary>The value callers send as <c>X-Api-Key</c>. Empty: <c>/admin</c> is off (404).</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long an admin call waits for its indexing pass before answering 503.</summary>
    public TimeSpan ReindexTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The largest body <c>PUT /documents/{id}</c> accepts (413 beyond it); the other endpoints keep
    /// <c>Search:Limits:MaxRequestBodyBytes</c>. The stored document must also fit <c>Search:MaxFileBytes</c>.
    /// </summary>
    public long MaxDocumentBytes { get; set; } = 4L * 1024 * 1024;

    public bool Enabled => !string.IsNullOrWhiteSpace(ApiKey);
}
