using System.Net;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests.SearchControls;

[Collection(SearchControlsCollection.Name)]
public sealed class TypoAndSuggestTests(SearchControlsFixture service)
{
    [Theory]
    [InlineData("lexical")]
    [InlineData("hybrid")]
    public async Task Search_MisspelledWords_FindTheBambooDiplomacyPassagesAndSayDidYouMean(string mode)
    {
        var body = await SearchAsync($"/search?q=diplomcy+bambo&mode={mode}&k=5");

        Assert.Equal("diplomacy bamboo", body.Str("didYouMean"));
        Assert.Contains("bamboo", body.Results().First().Str("text"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(body.Results(), hit => hit.GetProperty("citation").Str("documentId") == SearchControlsFixture.Spring2024);
        Assert.Contains(body.Results(), hit => hit.Str("snippet").Contains("<mark>bamboo</mark>", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Search_WhenTypedWordsMatch_NothingIsCorrected_SoAnExactMatchOutranksEveryFuzzyOne()
    {
        // "zebrafish" is indexed; "quokas" is not ("quokkas" is). The typed query matches, so only exact matches rank.
        var exact = await SearchAsync("/search?q=zebrafish+quokas&mode=lexical");
        var corrected = await SearchAsync("/search?q=quokas&mode=lexical");

        Assert.Equal(JsonValueKind.Null, exact.GetProperty("didYouMean").ValueKind);
        Assert.Contains("zebrafish", exact.Results().Single().Str("text"), StringComparison.Ordinal);
        Assert.Equal("quokkas", corrected.Str("didYouMean"));
        Assert.Contains("quokkas", corrected.Results().First().Str("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_EveryMisspelledWord_IsCorrectedAndFound()
    {
        // "zebrafsh": 8 characters, 2 edits allowed (1 needed); "quokas": 6 characters, 1 edit.
        var body = await SearchAsync("/search?q=zebrafsh+quokas&mode=lexical&k=2");

        Assert.Equal("zebrafish quokkas", body.Str("didYouMean"));
        var texts = body.Results().Select(h => h.Str("text")).ToList();
        Assert.Contains(texts, t => t.Contains("zebrafish", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("quokkas", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("diplomacy bamboo")]
    [InlineData("bmb")]
    [InlineData("diplomacy bambo")]
    [InlineData("xqzvw")]
    public async Task Search_KnownWordsShortWordsOrQueriesThatMatchAsTyped_AreNotCorrected(string query)
    {
        var body = await SearchAsync($"/search?q={Uri.EscapeDataString(query)}&mode=lexical");

        Assert.Equal(JsonValueKind.Null, body.GetProperty("didYouMean").ValueKind);
    }

    [Fact]
    public async Task Suggest_Bamb_SuggestsBamboo()
    {
        var body = await SearchAsync("/suggest?q=bamb&k=8");

        var suggestions = body.GetProperty("suggestions").EnumerateArray().ToList();
        Assert.Contains(suggestions, s => s.Str("text") == "bamboo" && s.Str("kind") == "term");
        Assert.InRange(suggestions.Count, 1, 8);
    }

    [Fact]
    public async Task Suggest_CompletesTheLastWordAndListsTitlesHoldingTheTypedWords()
    {
        var body = await SearchAsync("/suggest?q=Spring+tal");

        var suggestions = body.GetProperty("suggestions").EnumerateArray().ToList();
        Assert.Contains(suggestions, s => s.Str("text") == "Spring talks" && s.Str("kind") == "term");
        Assert.Contains(suggestions, s => s.Str("kind") == "title" && s.Str("text") == "Spring talks on bamboo diplomacy" && s.Str("documentId") == SearchControlsFixture.Spring2024);
    }

    [Fact]
    public async Task Suggest_TermsComeMostFrequentFirst()
    {
        var body = await SearchAsync("/suggest?q=di&k=20");

        var terms = body.GetProperty("suggestions").EnumerateArray().Where(s => s.Str("kind") == "term").Select(s => s.Str("text")).ToList();
        Assert.Contains("diplomacy", terms);
        Assert.True(terms.IndexOf("diplomacy") < terms.IndexOf("diplomat") || !terms.Contains("diplomat"));
    }

    [Theory]
    [InlineData("/suggest?q=", "q")]
    [InlineData("/suggest?q=bamb&k=21", "k")]
    [InlineData("/suggest?q=bamb&k=0", "k")]
    [InlineData("/suggest?q=bamb&limit=3", "limit")]
    public async Task Suggest_BadParameters_Are400NamingThem(string url, string parameter)
    {
        using var response = await service.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task Suggest_TooLongQuery_Is400()
    {
        using var response = await service.Http.GetAsync("/suggest?q=" + new string('a', 101));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Grpc_SuggestAndDidYouMean_MatchHttp()
    {
        using var channel = service.OpenGrpcChannel();
        var client = new SearchClient(channel);

        var suggest = await client.SuggestAsync(new SearchService.Grpc.V1.SuggestRequest { Q = "bamb", K = 8 });
        var search = await client.SearchAsync(new SearchService.Grpc.V1.SearchRequest { Q = "diplomcy bambo", Mode = "lexical" });
        var bad = await Assert.ThrowsAsync<RpcException>(() => client.SuggestAsync(new SearchService.Grpc.V1.SuggestRequest { Q = "bamb", K = 50 }).ResponseAsync);

        var http = await SearchAsync("/suggest?q=bamb&k=8");
        Assert.Equal(http.GetProperty("suggestions").EnumerateArray().Select(s => s.Str("text")), suggest.Suggestions.Select(s => s.Text));
        Assert.Equal("diplomacy bamboo", search.DidYouMean);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.StartsWith("k: ", bad.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<JsonElement> SearchAsync(string url)
    {
        using var response = await service.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }
}
