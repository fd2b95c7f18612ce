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
builder.AddSearchEngine();
builder.AddSearchApi();

var app = builder.Build();
if (app.IndexFolderInUse() is { } inUse)
{
    // One line and a failing exit code: two writers on one index folder corrupt each other.
    Console.Error.WriteLine(inUse);
    return SearchService.Engine.Indexing.IndexingWorker.IndexInUseExitCode;
}

app.MapSearchApi();
app.Run();

// Non-zero when the host was stopped on purpose with a reason (another process holds the index folder).
return Environment.ExitCode;

/// <summary>Entry point; public so the integration tests can host it.</summary>
public partial class Program;
