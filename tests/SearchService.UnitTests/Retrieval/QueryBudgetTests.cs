using Lucene.Net.Search;
using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Retrieval;

namespace SearchService.UnitTests.Retrieval;

/// <summary>
/// The query cost limits, checked where Lucene would build the automata (while parsing). Each refused query below
/// took seconds to minutes and up to 2.3 GB before the limits (issue 14); each is now refused by name.
/// </summary>
public sealed class QueryBudgetTests
{
    private static readonly LexicalQueryBuilder Builder = new(new SearchAnalyzer(new AnalysisOptions()), new RankingOptions());

    public static TheoryData<string, string> CostlyQueries() => new()
    {
        { "/[ab]*a[ab]{18}/", "MaxRegexpRepeat" },
        { "/[ab]*a[ab][ab][ab][ab][ab][ab][ab][ab][ab][ab][ab][ab][ab][ab]/", "MaxDeterminizedStates" },
        { "/a{50000}/", "MaxRegexpRepeat" },
        { "/a{99999999999}/", "MaxRegexpRepeat" },
        { "/a{1,99999999999}/", "MaxRegexpRepeat" },
        { "/((a{16}){16}){16}/", "MaxAutomatonStates" },
        { "/~([ab]*a[ab]{12})/", "complement" },
        { "/[ab]*&a[ab]{12}/", "intersection" },
        { "/" + new string('a', 200) + "/", "MaxRegexpLength" },
        { string.Concat(Enumerable.Repeat("a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*q*r*s*t*u*v*w*x*y*z*", 6)), "MaxWildcards" },
        { string.Join(' ', Enumerable.Repeat("abcdefghijklmnopqrstuvwxyz~2", 35)), "MaxExpandingTerms" },
        { string.Join(' ', Enumerable.Range(0, 6).Select(i => $"vi{i}*")), "MaxExpandingTerms" },
    };

    [Theory]
    [MemberData(nameof(CostlyQueries))]
    public void ParseLucene_CostlyQuery_IsRefusedNamingTheLimit(string query, string limit)
    {
        var error = Assert.Throws<InvalidQueryException>(() => Builder.ParseLucene(query));

        Assert.Equal("q", error.Parameter);
        Assert.Contains(limit, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/vi.*nam/")]
    [InlineData("/[a-z]{2,6}ing/")]
    [InlineData("/[ab]*a[ab]{6}/")]
    [InlineData("/(doi|moi)+/")]
    [InlineData("/[^0-9]+/")]
    [InlineData("/<1-100>/")]
    [InlineData("vi*nam d?i dipl*")]
    [InlineData("a*b*c*d*")]
    [InlineData("diplomacy~2 vietnam~1 asean~ vi*nam")]
    [InlineData("title:[a TO z]")]
    public void ParseLucene_ReasonableMultiTermQuery_IsAllowed(string query)
    {
        Assert.NotNull(Builder.ParseLucene(query));
    }

    [Fact]
    public void ParseLucene_LimitsAreConfigurable()
    {
        var strict = new LexicalQueryBuilder(new SearchAnalyzer(new AnalysisOptions()), new RankingOptions(), new QueryLimitsOptions { MaxRegexpRepeat = 2, MaxExpandingTerms = 1 });

        Assert.Contains("more than 2 times", Assert.Throws<InvalidQueryException>(() => strict.ParseLucene("/a{3}/")).Message, StringComparison.Ordinal);
        Assert.Contains("more than 1 wildcard", Assert.Throws<InvalidQueryException>(() => strict.ParseLucene("vi* na*")).Message, StringComparison.Ordinal);
        Assert.NotNull(strict.ParseLucene("/a{2}/"));
    }

    [Fact]
    public void ParseLucene_ExpandingTerms_SearchAtMostMaxExpandedTerms()
    {
        var query = new LexicalQueryBuilder(new SearchAnalyzer(new AnalysisOptions()), new RankingOptions(), new QueryLimitsOptions { MaxExpandedTerms = 7 }).ParseLucene("title:vi*");

        var rewrite = Assert.IsType<MultiTermQuery.TopTermsBoostOnlyBooleanQueryRewrite>(Assert.IsAssignableFrom<MultiTermQuery>(query).MultiTermRewriteMethod);
        Assert.Equal(7, rewrite.Count);
    }

    [Fact]
    public void Deadline_CancelledRequest_StopsCollectionAsCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => new QueryDeadline(TimeSpan.FromMinutes(1), cancelled.Token).ThrowIfOver(System.Diagnostics.Stopwatch.GetTimestamp()));
    }

    [Fact]
    public void Deadline_OverBudget_IsAnInvalidQueryNamingTheSetting()
    {
        var deadline = new QueryDeadline(TimeSpan.FromTicks(1), CancellationToken.None);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Thread.Sleep(1);

        var error = Assert.Throws<InvalidQueryException>(() => deadline.ThrowIfOver(started));
        Assert.Contains("Search:QueryLimits:TimeBudget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_OutOfRange_AreReportedBySetting()
    {
        var problems = new QueryLimitsOptions { MaxWildcards = 0 }.Problems().ToList();

        Assert.Equal(["Search:QueryLimits:MaxWildcards must be at least 1; it is 0."], problems);
    }
}

/// <summary>Random regexp and wildcard soup: parsing always ends in a query or the caller's error, never anything else.</summary>
public sealed class QueryBudgetPropertyTests
{
    private const string Alphabet = "ab[]^-(){}|&~*+?.#@\"<>0123456789,\\";

    private static readonly LexicalQueryBuilder Builder = new(new SearchAnalyzer(new AnalysisOptions()), new RankingOptions());

    [Fact]
    public void ParseLucene_AnyRegexpOrWildcard_IsAQueryOrAnInvalidQuery()
    {
        var random = new Random(14);
        for (var i = 0; i < 1000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(1, 25)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
            foreach (var query in new[] { "/" + text + "/", "a" + text })
            {
                try
                {
                    Builder.ParseLucene(query);
                }
                catch (InvalidQueryException)
                {
                    // The caller's error, with a message: fine.
                }
            }
        }
    }
}
