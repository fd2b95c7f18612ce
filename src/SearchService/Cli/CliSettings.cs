using SearchService.Engine;

namespace SearchService.Cli;

/// <summary>The service's own configuration (appsettings.json beside the binary, then environment variables), for commands.</summary>
internal static class CliSettings
{
    public static SearchOptions Load()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        return configuration.GetSection(SearchOptions.SectionName).Get<SearchOptions>() ?? new SearchOptions();
    }
}
