namespace SearchService.Engine.Analysis;

/// <summary>Which stop list the analyzer removes. The choice is measured with the eval command, not assumed.</summary>
public enum StopWordList
{
    /// <summary>Lucene's English list (33 words), as EnglishAnalyzer uses.</summary>
    Lucene,

    /// <summary>No stop words.</summary>
    None,

    /// <summary>A longer list (179 words) that also drops pronouns, auxiliaries and question words.</summary>
    Extended,
}

/// <summary>Settings of the analysis chain. Part of the index schema: changing them rebuilds the index.</summary>
public sealed class AnalysisOptions
{
    public StopWordList StopWords { get; set; } = StopWordList.Extended;

    /// <summary>Space-separated spellings joined into one token at index and query time (folded, lower case).</summary>
    public Dictionary<string, string> Compounds { get; set; } = new()
    {
        ["viet nam"] = "vietnam",
        ["ha noi"] = "hanoi",
    };

    /// <summary>A short, stable description written into the index, so an index built with another chain is detected.</summary>
    public string Fingerprint =>
        $"std-possessive-lower-asciifold-compounds({string.Join(',', Compounds.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"))})-stop:{StopWords}-porter";
}
