using Lucene.Net.Index;
using Lucene.Net.Search;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Telemetry;

namespace SearchService.Engine.Ranking;

/// <summary>
/// One request's query, analysed once and handed to every stage (retrieval, fusion, learned features, highlighting),
/// so no stage re-parses or re-analyses it.
/// </summary>
/// <param name="Text">The query as typed: the embedding input of the vector spaces (each embeds it its own way).</param>
/// <param name="Lexical">
/// The BM25 query over the fields this index has, with its analysed terms (and, for plain queries, each term's count
/// in first-seen order); <see cref="LexicalQuery.Query"/> is null when no term survives analysis.
/// </param>
internal sealed record AnalyzedQuery(string Text, QuerySyntax Syntax, LexicalQuery Lexical)
{
    /// <summary>
    /// The doc ids the request's filters allow (null: all). The lexical query is restricted to the same filter
    /// (<see cref="Filtered"/>), so every strategy ranks only allowed passages: BM25 through the Lucene filter, the
    /// vector scans by skipping disallowed rows before their dot product.
    /// </summary>
    public Lucene.Net.Util.IBits? Allowed { get; init; }

    /// <summary>
    /// The query's vectors in each space, embedded once and shared by every stage (hybrid signals, learned features).
    /// Copies made with <c>with</c> keep the same text, so they share these too.
    /// </summary>
    public QueryEmbeddings Embeddings { get; init; } = new();

    /// <summary>The query with misspelled words corrected, when typo tolerance searched corrections; null otherwise.</summary>
    public string? DidYouMean { get; init; }

    /// <summary>This query restricted to <paramref name="filter"/> (itself when the filter lets everything through).</summary>
    public AnalyzedQuery Filtered(ServingSearcher searcher, Filtering.SearchFilter? filter) =>
        filter is null || filter.IsEmpty
            ? this
            : this with
            {
                Lexical = Lexical with { Query = Lexical.Query is null ? null : Filtering.FilterQuery.Restrict(Lexical.Query, filter) },
                Allowed = Filtering.FilterQuery.AllowedDocs(searcher, filter),
            };

    /// <summary>
    /// This plain query with typo tolerance (<see cref="Spelling.TypoTolerance"/>): when it matches nothing as typed
    /// within <paramref name="filter"/>, words the index does not know also search their closest indexed words.
    /// </summary>
    public AnalyzedQuery Tolerant(ServingSearcher searcher, LuceneIndex index, SearchOptions options, Filtering.SearchFilter? filter)
    {
        if (Syntax != QuerySyntax.Plain)
        {
            return this;
        }

        var tolerant = Spelling.TypoTolerance.Apply(searcher, index.Analyzer, options.Ranking, Text, Lexical, searcher.IndexedFields, filter);
        return tolerant.DidYouMean is null ? this : this with { Lexical = tolerant.Lexical, DidYouMean = tolerant.DidYouMean };
    }

    /// <summary>The analysed (for Lucene syntax: expanded) text-field terms, for highlighting.</summary>
    public IReadOnlySet<string> Terms => Lexical.Terms;

    /// <summary>Each distinct analysed term of a plain query with how often it was typed (empty for Lucene syntax).</summary>
    public IReadOnlyList<(string Term, int Count)> TermCounts => Lexical.TermCounts;

    /// <summary>Analyses <paramref name="text"/> for <paramref name="searcher"/>'s fields.</summary>
    /// <param name="expand">
    /// Rewrite a Lucene-syntax query once up front (wildcards and fuzzy terms become index terms), so the highlighted
    /// terms are the searched ones and the costly expansion is not repeated by the search.
    /// </param>
    /// <exception cref="InvalidQueryException">Malformed or too costly Lucene syntax.</exception>
    public static AnalyzedQuery Of(ServingSearcher searcher, LuceneIndex index, SearchOptions options, string text, QuerySyntax syntax, bool expand)
    {
        using var span = SearchTelemetry.Start("parse");
        var builder = new LexicalQueryBuilder(index.Analyzer, options.Ranking, options.QueryLimits);

        // Plain queries only name fields that passage records have; parsed ones can name any field, so are restricted.
        var lexical = syntax == QuerySyntax.Lucene
            ? new LexicalQuery(LexicalQueryBuilder.RestrictToPassages(builder.ParseLucene(text)), new HashSet<string>())
            : builder.BuildPlain(text, searcher.IndexedFields);
        if (expand && syntax == QuerySyntax.Lucene && lexical.Query is not null)
        {
            var expanded = searcher.Rewrite(lexical.Query);
            lexical = lexical with { Query = expanded, Terms = ExtractTerms(expanded) };
        }

        return new AnalyzedQuery(text, syntax, lexical);
    }

    /// <summary>The text-field terms a parsed Lucene query searches, once expanded (rewritten): wildcards and fuzzy terms become index terms.</summary>
    private static HashSet<string> ExtractTerms(Query expanded)
    {
        var terms = new HashSet<Term>();
        try
        {
            expanded.ExtractTerms(terms);
        }
        catch (NotSupportedException)
        {
            // Some rewritten forms cannot list their terms; the hits are still right, only unhighlighted.
        }

        return terms.Where(t => Array.IndexOf(IndexFields.Searchable, t.Field) >= 0).Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
    }
}
