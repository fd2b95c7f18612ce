using SearchService.Engine.Retrieval;

namespace SearchService.UnitTests.Retrieval;

public sealed class SearchRequestValidatorTests
{
    [Theory]
    [InlineData(null, 10, 0, null, null, "q")]
    [InlineData("   ", 10, 0, null, null, "q")]
    [InlineData("ok", 0, 0, null, null, "k")]
    [InlineData("ok", 101, 0, null, null, "k")]
    [InlineData("ok", 10, -1, null, null, "offset")]
    [InlineData("ok", 100, 9950, null, null, "offset")]
    [InlineData("ok", 10, 0, "vector", null, "mode")]
    [InlineData("ok", 10, 0, "1", null, "mode")]
    [InlineData("ok", 10, 0, null, "sql", "syntax")]
    public void Validate_BadField_IsReportedByName(string? q, int k, int offset, string? mode, string? syntax, string field)
    {
        var request = SearchRequestValidator.Validate(q, k, offset, mode, syntax, out var errors);
        Assert.Null(request);
        Assert.Equal([field], errors.Keys);
        Assert.All(errors[field], message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Fact]
    public void Validate_OverlongQuery_SaysTheLimit()
    {
        SearchRequestValidator.Validate(new string('a', 1001), null, null, null, null, out var errors);
        Assert.Contains("1000", errors["q"][0]);
    }

    [Fact]
    public void Validate_Defaults_AreTenFromZeroHybridPlain()
    {
        var request = SearchRequestValidator.Validate("bamboo", null, null, null, null, out _);
        Assert.Equal(new SearchRequest("bamboo", 10, 0, SearchMode.Hybrid, QuerySyntax.Plain), request);
    }

    [Fact]
    public void Validate_ModeAndSyntax_AreCaseInsensitive()
    {
        var request = SearchRequestValidator.Validate("x", 1, 0, "LEXICAL", "Lucene", out _);
        Assert.Equal(QuerySyntax.Lucene, request!.Syntax);
    }
}
