using System.Text.RegularExpressions;

namespace SearchService.Engine;

/// <summary>
/// Text shown to anonymous callers (/health/ready, /stats, /documents) names files, never where they are: exception
/// messages carry absolute paths (<c>/srv/…/index/_1.fdt</c>), which tell an attacker the server's layout. The full
/// message goes to the log; the public one keeps only the last two parts of each path (<c>index/_1.fdt</c>).
/// </summary>
public static partial class PublicText
{
    public static string WithoutPaths(string message) => AbsolutePath().Replace(message, m => Shorten(m.Value));

    private static string Shorten(string path)
    {
        var parts = path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        return string.Join('/', parts.Skip(Math.Max(0, parts.Length - 2)));
    }

    // A Unix path of two or more parts, or a drive-letter path, up to whitespace, a quote or a closing bracket.
    [GeneratedRegex(@"(?<![\w.~])(?:[A-Za-z]:[\\/]|/)(?:[^\s'""()\[\]{}<>,;/\\]+[\\/])+[^\s'""()\[\]{}<>,;/\\]*")]
    private static partial Regex AbsolutePath();
}
