using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using SearchService.Engine.Analysis;
using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Indexing;

/// <summary>
/// A document's Lucene records with every tokenized field already analysed (<see cref="AnalyzedTokens"/>): all the
/// work of adding a document except the inversion, which the <see cref="Lucene.Net.Index.IndexWriter"/> does on the
/// adding thread. Preparing is thread-safe, so a batch is prepared on every core and then added in order: the
/// documents get the same doc ids, postings and norms as when one thread analysed and added them one by one, so
/// rankings (whose ties go to the lower doc id) are unchanged.
/// </summary>
internal static class PreparedDocument
{
    /// <summary>The records of <paramref name="document"/>, its text fields analysed here (one analysis per distinct value: a title repeated on every passage is analysed once).</summary>
    public static List<Document> Prepare(Analyzer analyzer, DocumentToIndex document, DateTimeOffset indexedAt)
    {
        var records = LuceneDocumentMapper.ToRecords(document.Parsed, document.Fingerprint, indexedAt, document.Warning).ToList();
        var analysed = new Dictionary<(string Field, string Text), AnalyzedTokens>();
        var surfaces = new Dictionary<string, AnalyzedTokens>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var fields = record.Fields;
            for (var i = 0; i < fields.Count; i++)
            {
                if (fields[i] is not Field { FieldType: { IsIndexed: true, NumericType: NumericType.NONE } type } field
                    || field.GetTokenStreamValue() is not null
                    || field.GetStringValue() is not { } text)
                {
                    continue;
                }

                if (!type.IsTokenized)
                {
                    fields[i] = new SingleTokenField(field.Name, text, type);
                    continue;
                }

                if (!analysed.TryGetValue((field.Name, text), out var tokens))
                {
                    tokens = Analyze(analyzer, field.Name, text, surfaces);
                    analysed[(field.Name, text)] = tokens;
                }

                fields[i] = new ReplayedField(field.Name, text, type, tokens);
            }
        }

        return records;
    }

    /// <summary>
    /// With the service's analyzer, a text is tokenized, lower-cased and folded once (its surface tokens, cached in
    /// <paramref name="surfaces"/>) for every field that indexes it: a passage's text and words, a title and its
    /// title words. The stemmed fields run only the stemming stages over those tokens; the tokens are the analyzer's own
    /// (ParallelPreparationTests compares them).
    /// </summary>
    private static AnalyzedTokens Analyze(Analyzer analyzer, string field, string text, Dictionary<string, AnalyzedTokens> surfaces)
    {
        if (analyzer is not SearchAnalyzer search)
        {
            return AnalyzedTokens.Analyze(analyzer, field, text);
        }

        if (!surfaces.TryGetValue(text, out var surface))
        {
            surface = AnalyzedTokens.Analyze(analyzer, IndexFields.Words, text);
            surfaces[text] = surface;
        }

        return SearchAnalyzer.SurfaceFields.Contains(field) ? surface : AnalyzedTokens.Stem(search, surface);
    }
}
