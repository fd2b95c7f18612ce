namespace SearchService.Engine.Ingestion;

/// <summary>Splits raw text into non-blank lines while remembering where each one sits in the original string.</summary>
internal static class SourceLineReader
{
    /// <summary>
    /// Accepts \n, \r\n and a lone \r as line breaks so files saved on any platform give the same lines.
    /// Blank lines (only whitespace, NBSP included) are skipped but still counted, keeping line numbers true to the file.
    /// </summary>
    public static IReadOnlyList<SourceLine> Read(string raw)
    {
        var lines = new List<SourceLine>();
        var lineNumber = 1;
        var lineStart = 0;
        var position = 0;

        while (position <= raw.Length)
        {
            var atEnd = position == raw.Length;
            if (!atEnd && raw[position] != '\n' && raw[position] != '\r')
            {
                position++;
                continue;
            }

            AddIfNotBlank(raw, lineNumber, lineStart, position, lines);
            if (atEnd)
            {
                break;
            }

            // Swallow the \n of a \r\n pair so it does not produce an extra, empty line.
            var breakLength = raw[position] == '\r' && position + 1 < raw.Length && raw[position + 1] == '\n' ? 2 : 1;
            position += breakLength;
            lineStart = position;
            lineNumber++;
        }

        return lines;
    }

    private static void AddIfNotBlank(string raw, int lineNumber, int lineStart, int lineEnd, List<SourceLine> lines)
    {
        var (start, end) = WhitespaceNormalizer.Trim(raw, lineStart, lineEnd);
        if (start < end)
        {
            lines.Add(new SourceLine(lineNumber, start, end, WhitespaceNormalizer.Normalize(raw.AsSpan(start, end - start))));
        }
    }
}
