namespace SearchService.Engine.Ranking.Fusion;

/// <summary>A source of evidence that a passage answers a query.</summary>
public enum SignalKind
{
    /// <summary>BM25 over text, title and section.</summary>
    Lexical,

    /// <summary>Cosine of the corpus-fitted ML.NET LSA vectors (knows the corpus's own vocabulary).</summary>
    Lsa,

    /// <summary>Cosine of the pretrained sentence encoder's vectors (knows paraphrases).</summary>
    Encoder,
}

internal static class SignalKindNames
{
    /// <summary>The name <c>explain</c> shows and options use: "lexical", "lsa", "encoder".</summary>
    public static string Name(this SignalKind kind) => kind switch
    {
        SignalKind.Lexical => "lexical",
        SignalKind.Lsa => "lsa",
        _ => "encoder",
    };
}
