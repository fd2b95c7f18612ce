using Microsoft.Extensions.DependencyInjection;
using SearchService.Testing;

namespace SearchService.IntegrationTests.Security;

/// <summary>
/// The running service with extra configuration and services per subclass: an admin key, CORS origins, tight limits.
/// On real Kestrel: raw (uncanonicalised) URLs, concurrency limits and per-client (remote address) limits are the point.
/// </summary>
public abstract class SecurityFixture : RunningService
{
    protected override ServiceHosting Hosting => ServiceHosting.Kestrel;
}

/// <summary>Admin endpoints on, with <see cref="ApiKey"/>; one extra source for the delete tests.</summary>
public sealed class AdminFixture : SecurityFixture
{
    public const string ApiKey = "test-admin-key-5b1f";

    public const string DisposableId = "960_delete_me";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Admin:ApiKey"] = ApiKey,
    };

    protected override IReadOnlyDictionary<string, string> ExtraSources => new Dictionary<string, string>
    {
        [DisposableId + ".txt"] = "Disposable article\n\nThe quokka ambassador signed nothing of note.\n",
    };
}

/// <summary>CORS open to one UI origin.</summary>
public sealed class CorsFixture : SecurityFixture
{
    public const string AllowedOrigin = "http://ui.example";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Cors:AllowedOrigins:0"] = AllowedOrigin,
    };

    /// <summary>CORS is headers only: the test server sees the same pipeline.</summary>
    protected override ServiceHosting Hosting => ServiceHosting.InMemory;
}

/// <summary>One search at a time, none waiting; <see cref="Hold"/> keeps admitted requests inside the endpoint.</summary>
public sealed class SingleSlotFixture : SecurityFixture
{
    public HoldFilter Hold { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Limits:MaxConcurrentRequests"] = "1",
        ["Search:Limits:QueueLimit"] = "0",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<SearchService.Api.ISearchEndpointFilter>(Hold);
}

/// <summary>Three requests per client per hour: the window cannot roll over during a test run.</summary>
public sealed class PerClientFixture : SecurityFixture
{
    public const int Permits = 3;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Limits:PerClientPermitLimit"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Search:Limits:PerClientWindow"] = "01:00:00",
    };
}
