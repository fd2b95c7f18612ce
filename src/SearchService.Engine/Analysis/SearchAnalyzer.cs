using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace SearchService.Engine.Analysis;

/// <summary>
/// The one analysis chain of the service, used for every text field at index and query time:
/// standard tokenizer → English possessive → lower case → ASCII folding (so "Bùi Thanh Sơn", "đổi mới" match
/// "Bui Thanh Son", "doi moi"; the folding filter maps đ to d explicitly, which Unicode decomposition would not)
/// → compound joining ("viet nam" → "vietnam") → stop words → Porter stemming.
/// </summary>
public sealed class SearchAnalyzer : Analyzer
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _compounds;
    private readonly CharArraySet _stopWords;

    public SearchAnalyzer(AnalysisOptions options)
        : base(PER_FIELD_REUSE_STRATEGY)
    {
        Options = options;
        _compounds = options.Compounds
            .Select(c => (Parts: c.Key.Split(' ', StringSplitOptions.RemoveEmptyEntries), Joined: c.Value))
            .Where(c => c.Parts.Length == 2)
            .GroupBy(c => c.Parts[0], StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyDictionary<string, string>)g.ToDictionary(c => c.Parts[1], c => c.Joined, StringComparer.Ordinal),
                StringComparer.Ordinal);
        _stopWords = options.StopWords switch
        {
            StopWordList.None => CharArraySet.Empty,
            StopWordList.Extended => new CharArraySet(Version, ExtendedStopWords.Words, ignoreCase: false),
            _ => EnglishAnalyzer.DefaultStopSet,
        };
    }

    public AnalysisOptions Options { get; }

    /// <summary>Fields analyzed only up to folding (see <c>IndexFields.Words</c>); the per-field reuse strategy keeps their chain apart.</summary>
    public static readonly IReadOnlySet<string> SurfaceFields = new HashSet<string>(StringComparer.Ordinal) { "words", "titlewords" };

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new EnglishPossessiveFilter(Version, tokenizer);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ASCIIFoldingFilter(stream);

        // Surface fields: words as a person types them (folded, unstemmed), the vocabulary of typo correction and suggestions.
        return new TokenStreamComponents(tokenizer, SurfaceFields.Contains(fieldName) ? stream : StemmingStages(stream));
    }

    /// <summary>
    /// The stages a searched field adds after the surface ones (compound joining, stop words, Porter stemming), over
    /// <paramref name="surface"/>: fed a text's surface tokens (a <see cref="SurfaceFields"/> field's), it gives the
    /// tokens the text's searched fields get, so indexing tokenizes a passage once for both its words and its text.
    /// </summary>
    internal TokenStream StemmingStages(TokenStream surface)
    {
        TokenStream stream = new CompoundJoinFilter(surface, _compounds);
        stream = new StopFilter(Version, stream, _stopWords);
        return new PorterStemFilter(stream);
    }
}
