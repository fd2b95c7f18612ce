using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace SearchService.IntegrationTests;

public sealed class AskEndpointTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private const string CountriesQuestion = "How many countries has Vietnam established diplomatic relations with?";

    [Fact]
    public async Task Ask_HowManyCountries_CitesTheSentenceWithTheCountAtItsSourceOffsets()
    {
        var body = await (await service.Http.GetAsync("/ask?q=" + Uri.EscapeDataString(CountriesQuestion))).JsonAsync();
        var answer = body.GetProperty("answer");
        var text = answer.Str("text");

        Assert.Matches(new Regex(@"\d+ countries|countries .*\b\d{3}\b"), text);
        Assert.InRange(answer.GetProperty("confidence").GetDouble(), 0.5, 1.0);

        var citation = answer.GetProperty("citation");
        var raw = (await (await service.Http.GetAsync($"/documents/{citation.Str("documentId")}")).JsonAsync()).Str("rawText");
        Assert.Equal(text, JsonShapes.Normalize(raw[answer.Int("charStart")..answer.Int("charEnd")]));
        Assert.InRange(answer.Int("charStart"), citation.Int("charStart"), citation.Int("charEnd"));

        var passage = body.Results("passages").Single(p => p.Str("passageId") == answer.Str("passageId"));
        Assert.Equal(text, passage.Str("text")[answer.Int("sentenceStart")..answer.Int("sentenceEnd")]);
    }

    [Fact]
    public async Task Ask_QuestionTheCorpusDoesNotAnswer_SaysSoInsteadOfInventing()
    {
        var body = await (await service.Http.GetAsync("/ask?q=price+of+bitcoin")).JsonAsync();

        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("answer").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(body.Str("reason")));
    }

    [Fact]
    public async Task Ask_Post_AnswersLikeGet()
    {
        var get = await (await service.Http.GetAsync("/ask?q=" + Uri.EscapeDataString(CountriesQuestion))).JsonAsync();
        using var post = await service.Http.PostAsJsonAsync("/ask", new { q = CountriesQuestion });
        var body = await post.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(get.GetProperty("answer").Str("text"), body.GetProperty("answer").Str("text"));
    }

    [Theory]
    [InlineData("/ask", "q")]
    [InlineData("/ask?q=a&k=0", "k")]
    [InlineData("/ask?q=a&k=many", "k")]
    [InlineData("/ask?q=a&mode=psychic", "mode")]
    public async Task Ask_InvalidParameter_Is400ProblemNamingIt(string url, string parameter)
    {
        using var response = await service.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(parameter, out _));
    }
}
