namespace SearchService.Engine.Answers;

/// <summary>
/// Maps an offset in a whitespace-normalized passage back to the raw source. Normalization trims and turns every
/// run of white space (including NBSP) into one space, so walking both texts in step finds the raw position.
/// </summary>
public static class SourceOffsets
{
    /// <param name="raw">The raw source text.</param>
    /// <param name="rawStart">Where the passage starts in <paramref name="raw"/> (its citation's charStart).</param>
    /// <param name="normalized">The passage text.</param>
    /// <param name="offset">An offset into <paramref name="normalized"/>, 0..Length.</param>
    public static int ToRaw(string raw, int rawStart, string normalized, int offset)
    {
        var i = rawStart;
        var j = 0;
        while (j < offset && i < raw.Length)
        {
            if (char.IsWhiteSpace(normalized[j]))
            {
                // One normalized space stands for a whole run of raw white space.
                while (i < raw.Length && IsSpace(raw[i]))
                {
                    i++;
                }

                j++;
            }
            else
            {
                // Characters the normalizer dropped (zero-width spaces, BOM) are skipped in the raw text.
                while (i < raw.Length && IsSpace(raw[i]))
                {
                    i++;
                }

                i++;
                j++;
            }
        }

        return i;
    }

    private static bool IsSpace(char c) => char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF';
}
