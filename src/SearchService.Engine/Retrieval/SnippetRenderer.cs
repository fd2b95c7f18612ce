using System.Text;

namespace SearchService.Engine.Retrieval;

/// <summary>Renders a passage as safe HTML: everything escaped, highlights wrapped in &lt;mark&gt;.</summary>
public static class SnippetRenderer
{
    public const string MarkOpen = "<mark>";
    public const string MarkClose = "</mark>";

    public static string Render(string text, IReadOnlyList<Highlight> highlights)
    {
        var html = new StringBuilder(text.Length + (highlights.Count * 16));
        var position = 0;
        foreach (var highlight in highlights)
        {
            AppendEscaped(html, text.AsSpan(position, highlight.Start - position));
            html.Append(MarkOpen);
            AppendEscaped(html, text.AsSpan(highlight.Start, highlight.End - highlight.Start));
            html.Append(MarkClose);
            position = highlight.End;
        }

        AppendEscaped(html, text.AsSpan(position));
        return html.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("&<>\"'");

    // Only the five characters that matter in HTML text and attributes: WebUtility.HtmlEncode would also turn
    // Latin-1 letters such as 'ù' into numeric entities, which makes the JSON unreadable for no safety gain.
    // The runs between them are appended whole (a char-by-char append was most of rendering's cost).
    private static void AppendEscaped(StringBuilder html, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var special = text.IndexOfAny(Special);
            if (special < 0)
            {
                html.Append(text);
                return;
            }

            html.Append(text[..special]);
            html.Append(text[special] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => "&#39;",
            });
            text = text[(special + 1)..];
        }
    }
}
