using System.Text.Json;
using SearchService.Testing;

namespace SearchService.IntegrationTests;

/// <summary>The service with Search:Answers:MinConfidence at 1: no bucket is that sure, so nothing is answered.</summary>
public sealed class StrictFloorService : RunningService
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Search:Answers:MinConfidence"] = "1" };
}

public sealed class AnswerFloorTests(StrictFloorService service) : IClassFixture<StrictFloorService>
{
    [Fact]
    public async Task Ask_AboveTheConfiguredFloor_DeclinesAndSaysHowSureItWouldHaveBeen()
    {
        var body = await (await service.Http.GetAsync("/ask?q=" + Uri.EscapeDataString("How many countries does Vietnam have diplomatic relations with now?"))).JsonAsync();

        Assert.Equal(JsonValueKind.Null, body.GetProperty("answer").ValueKind);
        Assert.Contains("below the 100% floor", body.Str("reason"));
    }
}
