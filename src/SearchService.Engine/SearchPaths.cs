namespace SearchService.Engine;

/// <summary>
/// Resolves configured relative paths. They are relative to the repository root when the program runs from a
/// build output inside the repository (so <c>dotnet run</c> and <c>dotnet bin/.../SearchService.dll</c> find
/// <c>seeds/</c> and <c>index/</c> from any working directory), otherwise to the current directory.
/// </summary>
public static class SearchPaths
{
    private const string RepositoryMarker = "SearchService.sln";

    public static string Resolve(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return Path.GetFullPath(path);
        }

        var root = FindRepositoryRoot(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(root, path));
    }

    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, RepositoryMarker)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
