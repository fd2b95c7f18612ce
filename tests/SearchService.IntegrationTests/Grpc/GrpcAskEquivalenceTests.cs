using Grpc.Net.Client;
using SearchService.Grpc.V1;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests;

/// <summary>/ask over HTTP and Ask over gRPC carry the same answer, alternatives, isQuestion and reason.</summary>
public sealed class GrpcAskEquivalenceTests(ServiceFixture service) : IClassFixture<ServiceFixture>, IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{service.GrpcPort}");

    public void Dispose() => _channel.Dispose();

    [Theory]
    [InlineData("How many countries does Vietnam have diplomatic relations with now?")]
    [InlineData("How many free trade agreements has Vietnam signed?")]
    [InlineData("Who is Vietnam's ambassador to the US?")]
    [InlineData("What is the capital of France?")]
    [InlineData("doi moi")]
    public async Task Ask_HttpAndGrpc_CarryTheSameAnswerAlternativesAndReason(string q)
    {
        var http = await (await service.Http.GetAsync("/ask?q=" + Uri.EscapeDataString(q))).JsonAsync();
        var grpc = await new SearchClient(_channel).AskAsync(new AskRequest { Q = q });

        Assert.Equal(http.GetProperty("isQuestion").GetBoolean(), grpc.IsQuestion);
        Assert.Equal(http.OptStr("reason") ?? "", grpc.Reason);
        Assert.Equal(http.Results("passages").Select(p => p.Str("passageId")), grpc.Passages.Select(p => p.PassageId));
        var answer = http.GetProperty("answer");
        if (answer.ValueKind == System.Text.Json.JsonValueKind.Null)
        {
            Assert.Null(grpc.Answer);
            return;
        }

        Assert.Equal(answer.Str("text"), grpc.Answer.Text);
        Assert.Equal(answer.GetProperty("confidence").GetDouble(), grpc.Answer.Confidence);
        Assert.Equal(answer.GetProperty("coverage").GetDouble(), grpc.Answer.Coverage);
        Assert.Equal(answer.Int("charStart"), grpc.Answer.SentenceCharStart);
        Assert.Equal(answer.Int("charEnd"), grpc.Answer.SentenceCharEnd);
        var alternatives = answer.GetProperty("alternatives").EnumerateArray().ToList();
        Assert.Equal(alternatives.Count, grpc.Answer.Alternatives.Count);
        foreach (var (json, message) in alternatives.Zip(grpc.Answer.Alternatives))
        {
            Assert.Equal(json.Str("text"), message.Text);
            Assert.Equal(json.Str("passageId"), message.PassageId);
            Assert.Equal(json.OptStr("published"), message.HasPublished ? message.Published : null);
            Assert.Equal(json.Int("sentenceStart"), message.SentenceStart);
            Assert.Equal(json.Int("sentenceEnd"), message.SentenceEnd);
            Assert.Equal(json.Int("charStart"), message.CharStart);
            Assert.Equal(json.Int("charEnd"), message.CharEnd);
            json.GetProperty("citation").AssertSameMetadata(message.Citation.Metadata, withByline: false);
        }
    }
}
