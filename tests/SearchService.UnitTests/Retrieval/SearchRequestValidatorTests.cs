using SearchService.Engine.Facets;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Sorting;

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
        var validated = SearchRequestValidator.Validate(new SearchInput { Q = q, K = k, Offset = offset, Mode = mode, Syntax = syntax });
        Assert.Null(validated.Value);
        Assert.Equal([field], validated.Errors.Keys);
        Assert.All(validated.Errors[field], message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Theory]
    [InlineData("kind", "footnote")]
    [InlineData("publishedFrom", "2024-13-01")]
    [InlineData("publishedTo", "yesterday")]
    [InlineData("facets", "author")]
    [InlineData("sort", "newest")]
    public void Validate_BadFilterFacetOrSort_IsReportedByName(string field, string value)
    {
        var input = field switch
        {
            "kind" => new SearchInput { Q = "ok", Kind = [value] },
            "publishedFrom" => new SearchInput { Q = "ok", PublishedFrom = value },
            "publishedTo" => new SearchInput { Q = "ok", PublishedTo = value },
            "facets" => new SearchInput { Q = "ok", Facets = [value] },
            _ => new SearchInput { Q = "ok", Sort = value },
        };

        var validated = SearchRequestValidator.Validate(input);

        Assert.False(validated.IsValid);
        Assert.Equal([field], validated.Errors.Keys);
        Assert.Contains(value, validated.Errors[field][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DateRangeBackwards_IsRefusedOnPublishedTo()
    {
        var validated = SearchRequestValidator.Validate(new SearchInput { Q = "ok", PublishedFrom = "2024-02-01", PublishedTo = "2024-01-01" });
        Assert.Equal(["publishedTo"], validated.Errors.Keys);
    }

    [Fact]
    public void Validate_FiltersFacetsAndSort_ParseCommaListsAndRepeats()
    {
        var request = SearchRequestValidator.Validate(new SearchInput
        {
            Q = "diplomacy",
            DocumentId = ["a", "b", "a"],
            Kind = ["paragraph,Caption"],
            PublishedFrom = "2024-01-01",
            Facets = ["documentId,kind", "year"],
            Sort = "-date",
        }).Value!;

        Assert.Equal(["a", "b"], request.Filter!.DocumentIds);
        Assert.Equal([PassageKind.Paragraph, PassageKind.Caption], request.Filter.Kinds);
        Assert.Equal(new DateOnly(2024, 1, 1), request.Filter.PublishedFrom);
        Assert.Null(request.Filter.PublishedTo);
        Assert.Equal([FacetField.DocumentId, FacetField.Kind, FacetField.Year], request.Facets);
        Assert.Equal(SortOrder.DateDescending, request.Sort);
    }

    [Fact]
    public void UnknownParameters_NamesEachOneNotKnown_IgnoringCase()
    {
        var errors = SearchRequestValidator.UnknownParameters(["Q", "document", "kind", "filter"], SearchInput.ParameterNames);
        Assert.Equal(["document", "filter"], errors.Keys.Order());
        Assert.Contains("documentId", errors["document"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OverlongQuery_SaysTheLimit()
    {
        var validated = SearchRequestValidator.Validate(new SearchInput { Q = new string('a', 1001) });
        Assert.Contains("1000", validated.Errors["q"][0]);
    }

    [Fact]
    public void Validate_Defaults_AreTenFromZeroHybridPlainUnfilteredByRelevance()
    {
        var request = SearchRequestValidator.Validate(new SearchInput { Q = "bamboo" }).Value!;
        Assert.Equal(("bamboo", 10, 0, SearchMode.Hybrid, QuerySyntax.Plain, false), (request.Query, request.K, request.Offset, request.Mode, request.Syntax, request.Explain));
        Assert.True(request.Filter!.IsEmpty);
        Assert.Empty(request.Facets!);
        Assert.Equal(SortOrder.Relevance, request.Sort);
    }

    [Fact]
    public void Validate_ModeAndSyntax_AreCaseInsensitive()
    {
        var request = SearchRequestValidator.Validate(new SearchInput { Q = "x", K = 1, Offset = 0, Mode = "LEXICAL", Syntax = "Lucene" }).Value;
        Assert.Equal(QuerySyntax.Lucene, request!.Syntax);
    }
}
