namespace SearchService.Engine.Retrieval;

/// <summary>Renders a passage as safe HTML: everything escaped, highlights wrapped in &lt;mark&gt;.</summary>
public static class SnippetRenderer
{
    public const string MarkOpen = "<mark>";
    public const string MarkClose = "</mark>";

    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("&<>\"'");

    /// <summary>
    /// The HTML, written once into a string of its exact length (measured first): a builder grown past its first guess
    /// and copied out by <c>ToString</c> allocated the snippet two to three times over, per hit.
    /// </summary>
    public static string Render(string text, IReadOnlyList<Highlight> highlights)
    {
        var length = EscapedLength(text) + (highlights.Count * (MarkOpen.Length + MarkClose.Length));
        return string.Create(length, (text, highlights), static (destination, state) =>
        {
            var (source, marks) = state;
            var written = 0;
            var position = 0;
            // An index loop: foreach over the IReadOnlyList boxes its enumerator, once per hit.
            for (var i = 0; i < marks.Count; i++)
            {
                var highlight = marks[i];
                written += WriteEscaped(destination[written..], source.AsSpan(position, highlight.Start - position));
                MarkOpen.CopyTo(destination[written..]);
                written += MarkOpen.Length;
                written += WriteEscaped(destination[written..], source.AsSpan(highlight.Start, highlight.End - highlight.Start));
                MarkClose.CopyTo(destination[written..]);
                written += MarkClose.Length;
                position = highlight.End;
            }

            WriteEscaped(destination[written..], source.AsSpan(position));
        });
    }

    // Only the five characters that matter in HTML text and attributes: WebUtility.HtmlEncode would also turn
    // Latin-1 letters such as 'ù' into numeric entities, which makes the JSON unreadable for no safety gain.
    private static string Escape(char special) => special switch
    {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        _ => "&#39;",
    };

    /// <summary>The text's length once escaped (highlights only add their marks: they split the text, never a character).</summary>
    private static int EscapedLength(ReadOnlySpan<char> text)
    {
        var length = text.Length;
        for (var special = text.IndexOfAny(Special); special >= 0; special = text.IndexOfAny(Special))
        {
            length += Escape(text[special]).Length - 1;
            text = text[(special + 1)..];
        }

        return length;
    }

    /// <summary>Copies <paramref name="text"/> escaped into <paramref name="destination"/>, the runs between special characters whole; returns the characters written.</summary>
    private static int WriteEscaped(Span<char> destination, ReadOnlySpan<char> text)
    {
        var written = 0;
        while (!text.IsEmpty)
        {
            var special = text.IndexOfAny(Special);
            var run = special < 0 ? text : text[..special];
            run.CopyTo(destination[written..]);
            written += run.Length;
            if (special < 0)
            {
                break;
            }

            var escaped = Escape(text[special]);
            escaped.CopyTo(destination[written..]);
            written += escaped.Length;
            text = text[(special + 1)..];
        }

        return written;
    }
}
