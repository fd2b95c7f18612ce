using Lucene.Net.Analysis;
using SearchService.Engine.Analysis;

namespace SearchService.Engine.Embeddings;

/// <summary>
/// What the featurizer sees: the passage's analyzed terms (folded, stemmed, stop words removed, "viet nam" joined),
/// so the vector side matches words exactly as the lexical side does and "doi moi" meets "đổi mới".
/// </summary>
public static class EmbeddingText
{
    public static string Of(Analyzer analyzer, string? section, string text) =>
        string.Join(' ', Terms(analyzer, section).Concat(Terms(analyzer, text)));

    private static IEnumerable<string> Terms(Analyzer analyzer, string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : TokenStreamReader.Tokens(analyzer, "text", text).Select(t => t.Term);
}
