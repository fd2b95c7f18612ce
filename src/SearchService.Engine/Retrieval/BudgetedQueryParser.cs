using Lucene.Net.Analysis;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// The multi-field Lucene parser with a <see cref="QueryBudget"/>: each wildcard, regexp, fuzzy, prefix and range
/// term is counted and measured before the base parser builds its query (Lucene compiles regexp and wildcard automata
/// while parsing, so checking the parsed tree afterwards would be too late), and every expanding query searches at
/// most <see cref="QueryLimitsOptions.MaxExpandedTerms"/> index terms. Not thread-safe, like its base: one per parse.
/// </summary>
internal sealed class BudgetedQueryParser : MultiFieldQueryParser
{
    private readonly QueryBudget _budget;

    // MultiFieldQueryParser answers a term without a field by calling the same method once per field; the term is
    // counted and checked on the outer call only.
    private bool _expanding;

    public BudgetedQueryParser(
        Lucene.Net.Util.LuceneVersion version, string[] fields, Analyzer analyzer, IDictionary<string, float> boosts, QueryLimitsOptions limits)
        : base(version, fields, analyzer, boosts)
    {
        _budget = new QueryBudget(limits);
        MultiTermRewriteMethod = new MultiTermQuery.TopTermsBoostOnlyBooleanQueryRewrite(Math.Min(limits.MaxExpandedTerms, BooleanQuery.MaxClauseCount));
    }

    protected override Query GetRegexpQuery(string field, string termStr) =>
        Expanding(() => base.GetRegexpQuery(field, termStr), () => _budget.CheckRegexp(termStr));

    protected override Query GetWildcardQuery(string field, string termStr) =>
        Expanding(() => base.GetWildcardQuery(field, termStr), () => _budget.CheckWildcard(termStr));

    protected override Query GetFuzzyQuery(string field, string termStr, float minSimilarity) =>
        Expanding(() => base.GetFuzzyQuery(field, termStr, minSimilarity), () => { });

    protected override Query GetPrefixQuery(string field, string termStr) =>
        Expanding(() => base.GetPrefixQuery(field, termStr), () => { });

    protected override Query GetRangeQuery(string field, string part1, string part2, bool startInclusive, bool endInclusive) =>
        Expanding(() => base.GetRangeQuery(field, part1, part2, startInclusive, endInclusive), () => { });

    private Query Expanding(Func<Query> build, Action check)
    {
        if (_expanding)
        {
            return build();
        }

        _budget.CountExpandingTerm();
        check();
        _expanding = true;
        try
        {
            return build();
        }
        finally
        {
            _expanding = false;
        }
    }
}
