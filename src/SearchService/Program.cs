using SearchService.Api;
using SearchService.Cli;
using SearchService.Hosting;

if (SearchCli.IsCommand(args))
{
    return SearchCli.Run(args);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings.json ships beside the binary: found from any working directory.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddOperatorLogging();
builder.AddSearchTelemetry();
builder.AddSearchEngine();
builder.AddSearchClusterNode();
builder.AddSearchApi();

return builder.RunService(app => app.MapSearchApi());

/// <summary>Entry point; public so the integration tests can host it.</summary>
public partial class Program;
