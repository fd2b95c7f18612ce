using SearchService.Api;
using SearchService.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // appsettings.json ships beside the binary: found from any working directory.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddSearchEngine();
builder.AddSearchApi();

var app = builder.Build();
app.MapSearchApi();
app.Run();

/// <summary>Entry point; public so the integration tests can host it.</summary>
public partial class Program;
