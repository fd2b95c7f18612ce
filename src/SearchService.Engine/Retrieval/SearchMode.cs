namespace SearchService.Engine.Retrieval;

/// <summary>How passages are retrieved.</summary>
public enum SearchMode
{
    /// <summary>BM25 over text, title and section.</summary>
    Lexical,

    /// <summary>Cosine similarity of ML.NET text vectors (TF-IDF of word and character n-grams, projected with PCA).</summary>
    Semantic,

    /// <summary>Both lists fused with Reciprocal Rank Fusion over a deeper candidate pool.</summary>
    Hybrid,

    /// <summary>The BM25 top 100 re-ranked by a learned (LightGBM LambdaRank) model trained on the user's judgments; needs Search:Ranker:ModelPath.</summary>
    Learned,
}

/// <summary>How the query text is read.</summary>
public enum QuerySyntax
{
    /// <summary>Words only: every operator character is text, so nothing a user types can fail to parse.</summary>
    Plain,

    /// <summary>Lucene's classic syntax (phrases, AND/OR/NOT, field:term), opt-in; malformed input is a 400.</summary>
    Lucene,
}
