using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace SearchService.Hosting;

/// <summary>
/// What an operator sees when something they control is wrong: one line naming the setting to change, not a stack
/// trace; and no error lines for states that are normal (a readiness probe while the first index is being built).
/// </summary>
public static partial class OperatorMessages
{
    /// <summary>Exit code when the service cannot listen on a configured address.</summary>
    public const int AddressInUseExitCode = 3;

    /// <summary>Exit code when a setting fails its validation at start.</summary>
    public const int InvalidSettingExitCode = 2;

    // The host logs a start failure with its stack trace before rethrowing it; RunService reports it instead, once.
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    // Logs every probe's result: an Error line per readiness probe while the index is being built, which is normal.
    // The worker logs real indexing failures itself, once, when they happen.
    private const string HealthCheckCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    /// <summary>Quiets the two noisy categories, unless the configuration sets their level itself.</summary>
    public static IHostApplicationBuilder AddOperatorLogging(this IHostApplicationBuilder builder)
    {
        foreach (var category in new[] { HostCategory, HealthCheckCategory })
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
            {
                builder.Logging.AddFilter(category, LogLevel.Critical);
            }
        }

        return builder;
    }

    /// <summary>
    /// Runs the service until it stops. A taken address, or a setting that fails validation, ends it with one line on
    /// stderr and <see cref="AddressInUseExitCode"/> or <see cref="InvalidSettingExitCode"/>.
    /// </summary>
    public static int RunService(this WebApplicationBuilder builder, Action<WebApplication> map)
    {
        // Settings are validated while the host is built (Kestrel reads its limits then) and when it starts.
        var configuration = builder.Configuration;
        try
        {
            var app = builder.Build();
            if (app.IndexFolderInUse() is { } inUse)
            {
                // One line and a failing exit code: two writers on one index folder corrupt each other.
                Console.Error.WriteLine(inUse);
                return Engine.Indexing.IndexingWorker.IndexInUseExitCode;
            }

            map(app);
            app.Run();

            // Non-zero when the host was stopped on purpose with a reason (another process took the index folder).
            return Environment.ExitCode;
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            Console.Error.WriteLine(AddressInUse(ex.Message, configuration));
            return AddressInUseExitCode;
        }
        catch (OptionsValidationException ex)
        {
            // Each failure message names its setting (e.g. "Search:Limits:MaxConcurrentRequests must be at least 1.").
            Console.Error.WriteLine($"Cannot start: {string.Join(" ", ex.Failures)}");
            return InvalidSettingExitCode;
        }
    }

    /// <summary>
    /// "Cannot listen on http://localhost:5080 (address already in use): another process holds it. Set
    /// Kestrel:Endpoints:Http:Url (environment Kestrel__Endpoints__Http__Url, ...) to a free address."
    /// </summary>
    public static string AddressInUse(string kestrelMessage, IConfiguration configuration)
    {
        var settings = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => (Setting: $"Kestrel:Endpoints:{e.Key}:Url", Url: e["Url"]))
            .Append((Setting: $"{MetricsOptions.SectionName}:Url", Url: configuration[$"{MetricsOptions.SectionName}:Url"]))
            .Where(e => !string.IsNullOrEmpty(e.Url))
            .ToList();

        // Kestrel names the address it failed to bind (localhost shows as 127.0.0.1): match the setting by port.
        var port = FailedPort().Match(kestrelMessage) is { Success: true } match ? match.Groups[1].Value : null;
        var culprit = settings.FirstOrDefault(e => port is not null && PortOf(e.Url!) == port);
        if (culprit.Setting is null)
        {
            var names = settings.Count == 0 ? "Kestrel:Endpoints:<name>:Url" : string.Join(" or ", settings.Select(e => e.Setting));
            return $"Cannot start: {kestrelMessage.TrimEnd('.')}; another process holds the address. Set {names} to a free address.";
        }

        return $"Cannot listen on {culprit.Url} (address already in use): another process holds it. " +
            $"Set {culprit.Setting} (environment {culprit.Setting.Replace(":", "__", StringComparison.Ordinal)}, or --{culprit.Setting}=http://localhost:PORT) to a free address.";
    }

    private static string? PortOf(string url) => FailedPort().Match(url) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"://[^\s/]*:(\d+)")]
    private static partial Regex FailedPort();
}
