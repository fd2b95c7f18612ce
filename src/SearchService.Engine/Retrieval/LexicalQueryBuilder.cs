using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// Builds BM25 queries. Plain text is never parsed: it goes through the analyzer and each surviving term becomes
/// a weighted OR over text, title and section, so quotes, brackets and AND/OR/NOT are just words (or nothing).
/// Lucene syntax is opt-in and parsed by a parser created per call (QueryParser is not thread-safe), within the
/// cost limits of <see cref="QueryLimitsOptions"/> (defaults when none are given).
/// </summary>
public sealed class LexicalQueryBuilder(SearchAnalyzer analyzer, RankingOptions ranking, QueryLimitsOptions? limits = null)
{
    private static readonly Query PassagesOnly = new TermQuery(new Term(IndexFields.Type, IndexFields.PassageType));

    static LexicalQueryBuilder()
    {
        // A 1,000-character query can analyse to ~500 terms, three clauses each; Lucene's default cap is 1,024.
        BooleanQuery.MaxClauseCount = Math.Max(BooleanQuery.MaxClauseCount, 4096);
    }

    /// <param name="fields">The fields the index has (clauses on others are skipped); null for all.</param>
    public LexicalQuery BuildPlain(string text, IReadOnlySet<string>? fields = null)
    {
        var counts = TokenStreamReader.Tokens(analyzer, IndexFields.Text, text)
            .GroupBy(t => t.Term, StringComparer.Ordinal)
            .Select(g => (Term: g.Key, Count: g.Count()))
            .ToList();
        if (counts.Count == 0)
        {
            return new LexicalQuery(null, new HashSet<string>());
        }

        // One flat OR of term×field clauses: BM25 has no coordination factor, so this scores exactly as a per-term
        // group would, with one scorer level less. A term typed twice weighs twice, as in the classic parser.
        var query = new BooleanQuery();
        foreach (var (term, count) in counts)
        {
            AddClause(query, fields, IndexFields.Text, term, count);
            AddClause(query, fields, IndexFields.Title, term, count * ranking.TitleBoost);
            AddClause(query, fields, IndexFields.Section, term, count * ranking.SectionBoost);
        }

        return new LexicalQuery(query, counts.Select(c => c.Term).ToHashSet(StringComparer.Ordinal), counts);
    }

    /// <summary>Parses Lucene syntax; a malformed query is an <see cref="InvalidQueryException"/> with the parser's message.</summary>
    public Query ParseLucene(string text)
    {
        var boosts = new Dictionary<string, float>
        {
            [IndexFields.Text] = 1f,
            [IndexFields.Title] = ranking.TitleBoost,
            [IndexFields.Section] = ranking.SectionBoost,
        };
        var parser = new BudgetedQueryParser(SearchAnalyzer.Version, IndexFields.Searchable, analyzer, boosts, limits ?? new QueryLimitsOptions())
        {
            DefaultOperator = Operator.OR,
            AllowLeadingWildcard = false,
        };
        try
        {
            return parser.Parse(text);
        }
        catch (ParseException ex)
        {
            throw new InvalidQueryException("q", $"The query is not valid Lucene syntax: {FirstLine(ex.Message)}");
        }
        catch (BooleanQuery.TooManyClausesException)
        {
            throw new InvalidQueryException("q", "The query expands to too many terms; make it more specific.");
        }
        catch (OverflowException)
        {
            // A number in the query too big for Lucene's int.Parse ({99999999999} is refused before this, but the
            // parser reads numbers elsewhere too).
            throw new InvalidQueryException("q", "The query has a number too large to use.");
        }
        catch (ArgumentException ex)
        {
            // Lucene compiles /regular expressions/ while parsing and throws ArgumentException for one it cannot.
            throw new InvalidQueryException("q", $"The query is not valid Lucene syntax: {FirstLine(ex.Message)}");
        }
    }

    private static void AddClause(BooleanQuery query, IReadOnlySet<string>? fields, string field, string term, float boost)
    {
        if (boost > 0 && (fields is null || fields.Contains(field)))
        {
            query.Add(new TermQuery(new Term(field, term)) { Boost = boost }, Occur.SHOULD);
        }
    }

    /// <summary>Restricts a query to passage records (the index also holds one record per source document).</summary>
    public static Query RestrictToPassages(Query query) => new FilteredQuery(query, new QueryWrapperFilter(PassagesOnly));

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
