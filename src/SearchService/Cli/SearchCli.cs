using System.CommandLine;

namespace SearchService.Cli;

/// <summary>
/// The command-line face of the same program: <c>eval</c>, <c>index</c>, <c>search</c> and <c>train</c>. Without one of these
/// commands the program runs the service.
/// </summary>
public static class SearchCli
{
    private static readonly string[] Commands = ["eval", "index", "search", "train", "--help", "-h", "-?"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0], StringComparer.Ordinal);

    public static int Run(string[] args)
    {
        var root = new RootCommand("SearchService: full-text search with citations. Run without a command to start the HTTP and gRPC service.")
        {
            EvalCommand.Create(),
            IndexCommand.Create(),
            SearchCommand.Create(),
            TrainCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
