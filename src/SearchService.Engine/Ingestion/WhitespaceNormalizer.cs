using System.Text;

namespace SearchService.Engine.Ingestion;

/// <summary>
/// The one definition of "whitespace" used by the parser. Trimming (which fixes passage offsets) and normalization
/// (which produces passage text) must agree on it, otherwise <c>Normalize(raw[start..end])</c> would not equal the text.
/// </summary>
internal static class WhitespaceNormalizer
{
    /// <summary>
    /// <see cref="char.IsWhiteSpace(char)"/> already covers NBSP and the typographic spaces the seeds use;
    /// zero-width space and a stray BOM are added because scraped pages carry them and they are invisible to readers.
    /// </summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF';

    /// <summary>Collapses every run of whitespace to a single ASCII space and trims both ends.</summary>
    public static string Normalize(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (IsSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Narrows <paramref name="start"/>..<paramref name="end"/> (end exclusive) so it neither starts nor ends with whitespace.</summary>
    public static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end);
    }
}
