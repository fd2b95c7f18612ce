using Grpc.Net.Client;
using SearchService.Grpc.V1;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests;

/// <summary>The HTTP JSON and the gRPC messages are made from the same engine records: same hits, field for field.</summary>
public sealed class GrpcHttpEquivalenceTests(ServiceFixture service) : IClassFixture<ServiceFixture>, IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{service.GrpcPort}");

    public void Dispose() => _channel.Dispose();

    [Theory]
    [InlineData("doi moi", null, null, null, null, false)]
    [InlineData("doi moi", 3, 2, null, null, false)]
    [InlineData("doi moi", 10, null, null, "lexical", false)]
    [InlineData("doi moi", 10, null, null, "semantic", true)]
    [InlineData("doi moi", 10, 5, null, "hybrid", true)]
    [InlineData("đổi mới", 20, null, null, "lexical", false)]
    [InlineData("foreign affairs", 5, 0, null, null, false)]
    [InlineData("foreign affairs", 5, 5, null, null, true)]
    [InlineData("Malawi diplomatic relations", 1, null, null, null, false)]
    [InlineData("What's Vietnam's \"bamboo\" diplomacy?", 50, null, null, null, false)]
    [InlineData("zebu bold", null, null, null, "lexical", false)]
    [InlineData("\"bamboo\" AND title:diplomatic", 10, null, "lucene", null, false)]
    [InlineData("\"đổi mới\" AND title:diplomatic", 10, null, "lucene", "lexical", true)]
    [InlineData("diplom*", 10, 3, "lucene", "lexical", false)]
    [InlineData("xylophonequux", null, null, null, "lexical", false)]
    public async Task Search_HttpAndGrpc_ReturnTheSameHits(string q, int? k, int? offset, string? syntax, string? mode, bool explain)
    {
        var url = $"/search?q={Uri.EscapeDataString(q)}"
            + (k is null ? "" : $"&k={k}")
            + (offset is null ? "" : $"&offset={offset}")
            + (syntax is null ? "" : $"&syntax={syntax}")
            + (mode is null ? "" : $"&mode={mode}")
            + (explain ? "&explain=true" : "");
        using var httpResponse = await service.Http.GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.OK, httpResponse.StatusCode);
        var http = await httpResponse.JsonAsync();
        var request = new SearchRequest { Q = q, Syntax = syntax ?? "", Mode = mode ?? "", Explain = explain };
        if (k is { } size)
        {
            request.K = size;
        }

        if (offset is { } skip)
        {
            request.Offset = skip;
        }

        var grpc = await new SearchClient(_channel).SearchAsync(request);

        Assert.Equal(http.Str("query"), grpc.Query);
        Assert.Equal(http.GetProperty("total").GetInt64(), grpc.Total);
        Assert.Equal(http.Str("mode"), grpc.Mode);
        var hits = http.Results().ToList();
        Assert.Equal(hits.Select(h => h.Str("passageId")), grpc.Results.Select(h => h.PassageId));
        foreach (var (json, hit) in hits.Zip(grpc.Results))
        {
            Assert.Equal(json.Int("rank"), hit.Rank);
            Assert.Equal(json.GetProperty("score").GetDouble(), hit.Score);
            Assert.Equal(json.Str("text"), hit.Text);
            Assert.Equal(json.Str("kind"), hit.Kind);
            Assert.Equal(json.Str("snippet"), hit.Snippet);
            Assert.Equal(
                json.GetProperty("highlights").EnumerateArray().Select(h => (h.Int("start"), h.Int("end"))),
                hit.Highlights.Select(h => (h.Start, h.End)));

            if (json.TryGetProperty("scores", out var scores))
            {
                Assert.True(explain);
                Assert.NotNull(hit.Scores);
                Assert.Equal(scores.OptDouble("lexical"), hit.Scores.HasLexical ? hit.Scores.Lexical : null);
                Assert.Equal(scores.OptInt("lexicalRank"), hit.Scores.HasLexicalRank ? hit.Scores.LexicalRank : null);
                Assert.Equal(scores.OptDouble("semantic"), hit.Scores.HasSemantic ? hit.Scores.Semantic : null);
                Assert.Equal(scores.OptInt("semanticRank"), hit.Scores.HasSemanticRank ? hit.Scores.SemanticRank : null);
                Assert.Equal(scores.GetProperty("fused").GetDouble(), hit.Scores.Fused);
                var signals = scores.GetProperty("signals").EnumerateObject().ToList();
                Assert.Equal(signals.Select(s => s.Name).Order(), hit.Scores.Signals.Keys.Order());
                foreach (var signal in signals)
                {
                    var part = hit.Scores.Signals[signal.Name];
                    Assert.Equal(signal.Value.OptDouble("raw"), part.HasRaw ? part.Raw : null);
                    Assert.Equal(signal.Value.OptInt("rank"), part.HasRank ? part.Rank : null);
                    Assert.Equal(signal.Value.GetProperty("normalized").GetDouble(), part.Normalized);
                    Assert.Equal(signal.Value.GetProperty("weight").GetDouble(), part.Weight);
                }
            }
            else
            {
                Assert.Null(hit.Scores);
            }

            var citation = json.GetProperty("citation");
            var message = hit.Citation;
            citation.AssertSameMetadata(message.Metadata, withByline: false);
            Assert.Equal(citation.Int("paragraph"), message.Paragraph);
            Assert.Equal(citation.OptStr("section"), message.HasSection ? message.Section : null);
            Assert.Equal(citation.Int("charStart"), message.CharStart);
            Assert.Equal(citation.Int("charEnd"), message.CharEnd);
            Assert.Equal(citation.Int("lineStart"), message.LineStart);
            Assert.Equal(citation.Int("lineEnd"), message.LineEnd);
        }
    }
}
