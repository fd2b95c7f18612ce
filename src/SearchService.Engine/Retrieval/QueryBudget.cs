using Lucene.Net.Util.Automaton;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// The cost checks of one parsed Lucene query (<see cref="QueryLimitsOptions"/>): how many terms expand, and how big
/// each regexp's and wildcard's automaton would be. Every check runs before Lucene builds anything; a query over a
/// limit is an <see cref="InvalidQueryException"/> whose message names the setting.
/// </summary>
internal sealed class QueryBudget(QueryLimitsOptions limits)
{
    private int _expandingTerms;

    /// <summary>One more wildcard, regexp, fuzzy, prefix or range term (once per term, not per field it searches).</summary>
    public void CountExpandingTerm()
    {
        if (++_expandingTerms > limits.MaxExpandingTerms)
        {
            throw new InvalidQueryException(
                "q",
                $"The query has more than {limits.MaxExpandingTerms} wildcard, regexp, fuzzy, prefix or range terms ({Setting(nameof(QueryLimitsOptions.MaxExpandingTerms))}).");
        }
    }

    public void CheckRegexp(string regexp)
    {
        if (regexp.Length > limits.MaxRegexpLength)
        {
            throw new InvalidQueryException(
                "q",
                $"The regular expression is longer than {limits.MaxRegexpLength} characters ({Setting(nameof(QueryLimitsOptions.MaxRegexpLength))}).");
        }

        if (new RegexpShapeParser(regexp, limits).Parse() is { } shape)
        {
            AutomatonCost.Check(shape, limits, "regular expression");
            return;
        }

        // Not readable here. Parsing alone builds no automaton, so let Lucene say what is wrong (its ArgumentException
        // is the caller's 400); should Lucene read it after all, its cost is unknown, and unknown is refused.
        _ = new RegExp(regexp, RegExpSyntax.ALL);
        throw new InvalidQueryException("q", "The regular expression uses syntax whose cost cannot be checked; write it more simply.");
    }

    public void CheckWildcard(string wildcard)
    {
        var count = 0;
        PatternShape? shape = null;
        for (var i = 0; i < wildcard.Length; i++)
        {
            var c = wildcard[i];
            var part = c switch
            {
                '*' => PatternShape.AnyString,
                '?' => PatternShape.AnyChar,
                '\\' when i + 1 < wildcard.Length => PatternShape.Char(wildcard[++i]),
                _ => PatternShape.Char(c),
            };
            count += c is '*' or '?' ? 1 : 0;
            shape = PatternShape.Concat(shape, part);
        }

        if (count > limits.MaxWildcards)
        {
            throw new InvalidQueryException(
                "q",
                $"A wildcard term has more than {limits.MaxWildcards} '*' or '?' ({Setting(nameof(QueryLimitsOptions.MaxWildcards))}).");
        }

        if (shape is not null)
        {
            AutomatonCost.Check(shape, limits, "wildcard term");
        }
    }

    private static string Setting(string name) => $"{QueryLimitsOptions.SectionName}:{name}";
}
