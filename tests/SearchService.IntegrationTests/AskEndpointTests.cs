using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SearchService.IntegrationTests;

[Collection(SharedServiceCollection.Name)]
public sealed class AskEndpointTests(ServiceFixture service)
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
    public async Task Ask_CountriesNow_AnswersWithTheNewestDatedFigureAndListsTheOlderOnesAsAlternatives()
    {
        var body = await (await service.Http.GetAsync("/ask?q=" + Uri.EscapeDataString("How many countries does Vietnam have diplomatic relations with now?"))).JsonAsync();
        var answer = body.GetProperty("answer");

        Assert.True(body.GetProperty("isQuestion").GetBoolean());
        Assert.Contains("194", answer.Str("text"));
        Assert.Equal("2024-12-29T00:00:00", answer.GetProperty("citation").Str("published"));
        var alternatives = answer.GetProperty("alternatives").EnumerateArray().ToList();
        Assert.Equal(2, alternatives.Count);
        Assert.Contains("189 countries", alternatives[0].Str("text"));
        Assert.Equal("2021-12-14T07:08:00", alternatives[0].Str("published"));
        Assert.Contains("to 193", alternatives[1].Str("text"));
        Assert.Equal(JsonValueKind.Null, alternatives[1].GetProperty("published").ValueKind);

        foreach (var alternative in alternatives)
        {
            var citation = alternative.GetProperty("citation");
            var raw = (await (await service.Http.GetAsync($"/documents/{citation.Str("documentId")}")).JsonAsync()).Str("rawText");
            Assert.Equal(alternative.Str("text"), JsonShapes.Normalize(raw[alternative.Int("charStart")..alternative.Int("charEnd")]));
        }
    }

    [Theory]
    [InlineData("doi moi")]
    [InlineData("Vietnamese bamboo diplomacy")]
    public async Task Ask_KeywordSearch_IsNotAQuestionAndGetsNoAnswerWithAReason(string query)
    {
        var body = await (await service.Http.GetAsync("/ask?q=" + Uri.EscapeDataString(query))).JsonAsync();

        Assert.False(body.GetProperty("isQuestion").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("answer").ValueKind);
        Assert.Contains("keyword search", body.Str("reason"));
        Assert.NotEmpty(body.Results("passages"));
    }

    [Theory]
    [InlineData("What is the capital of France?")]
    [InlineData("Who is the president of Brazil?")]
    [InlineData("When did Vietnam join the World Trade Organization?")]
    public async Task Ask_QuestionOnlyMentioningCorpusWords_IsDeclinedNotAnsweredWithAnUnrelatedSentence(string question)
    {
        var body = await (await service.Http.GetAsync("/ask?q=" + Uri.EscapeDataString(question))).JsonAsync();

        Assert.True(body.GetProperty("isQuestion").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("answer").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(body.Str("reason")));
    }

    [Fact]
    public async Task Ask_Confidence_IsTheMeasuredAccuracyOfABucketAtOrAboveTheFloor()
    {
        var body = await (await service.Http.GetAsync("/ask?q=" + Uri.EscapeDataString("How much are remittances expected to reach in 2024?"))).JsonAsync();
        var answer = body.GetProperty("answer");

        Assert.Contains("16 billion USD", answer.Str("text"));
        var confidence = answer.GetProperty("confidence").GetDouble();
        Assert.Contains(confidence, SearchService.Engine.Answers.ConfidenceCalibration.Buckets.Select(b => Math.Round(b.Accuracy, 2)));
        Assert.True(confidence >= new SearchService.Engine.Answers.AnswerOptions().MinConfidence);
        Assert.Equal(SearchService.Engine.Answers.ConfidenceCalibration.Confidence(answer.GetProperty("coverage").GetDouble()), confidence);
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
