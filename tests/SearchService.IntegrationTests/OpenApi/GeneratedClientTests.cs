using System.Net;
using System.Text.Json;
using SearchService.IntegrationTests.Ingestion;

namespace SearchService.IntegrationTests.OpenApi;

/// <summary>
/// A typed C# client generated with NSwag from the document the service serves, compiled in the test and used
/// against the service: search, paging parameters, documents, and push ingestion (PUT, then search finds it).
/// </summary>
[Collection(OpenApiCollection.Name)]
public sealed class GeneratedClientTests(PushFixture service) : IAsyncLifetime
{
    private GeneratedClient _generated = null!;
    private HttpClient _http = null!;
    private object _client = null!;

    public async Task InitializeAsync()
    {
        _generated = await GeneratedClient.FromDocumentAsync(await service.Http.GetStringAsync("/openapi/v1.json"));
        _http = service.CreateClient();
        _http.DefaultRequestHeaders.Add("X-Api-Key", PushFixture.ApiKey);
        _client = _generated.NewClient(service.BaseUrl, _http);
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    private static JsonElement Json(object? value) => JsonSerializer.SerializeToElement(value);

    [Fact]
    public async Task Search_ThroughTheGeneratedClient_ReturnsTypedCitedResults()
    {
        var response = Json(await _generated.CallAsync(_client, "SearchAsync", ("q", "bamboo diplomacy"), ("k", 3), ("mode", "lexical"), ("syntax", "plain"), ("explain", true)));

        Assert.Equal("lexical", response.Str("mode"), ignoreCase: true); // the generated enum serializes by member name
        var results = response.Results().ToList();
        Assert.Equal(3, results.Count);
        Assert.All(results, hit =>
        {
            var citation = hit.GetProperty("citation");
            Assert.True(citation.Int("charEnd") > citation.Int("charStart"));
            Assert.False(string.IsNullOrEmpty(citation.Str("documentId")));
        });
    }

    [Fact]
    public async Task Paging_ThroughTheGeneratedClient_ReturnsTheNextPassages()
    {
        var first = Json(await _generated.CallAsync(_client, "SearchAsync", ("q", "diplomacy"), ("k", 2), ("mode", "lexical")));
        var second = Json(await _generated.CallAsync(_client, "SearchAsync", ("q", "diplomacy"), ("k", 2), ("offset", 2), ("mode", "lexical")));

        var ids = first.Results().Concat(second.Results()).Select(h => h.Str("passageId")).ToList();
        Assert.Equal(4, ids.Distinct().Count());
    }

    [Fact]
    public async Task FacetsFiltersAndSort_ThroughTheGeneratedClient_CountEveryMatchAndOrderByDate()
    {
        var response = Json(await _generated.CallAsync(
            _client, "SearchAsync", ("q", "diplomacy"), ("k", 5), ("mode", "lexical"), ("kind", new[] { "paragraph" }),
            ("facets", new[] { "documentId", "kind", "year" }), ("sort", "-date"), ("publishedFrom", new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero))));

        var total = response.Int("total");
        Assert.True(total > 5);
        var facets = response.GetProperty("facets");
        Assert.Equal(total, facets.GetProperty("documentId").EnumerateArray().Sum(f => f.Int("count")));
        Assert.Equal("paragraph", facets.GetProperty("kind").EnumerateArray().Single().Str("value"));
        Assert.All(facets.GetProperty("documentId").EnumerateArray(), f => Assert.False(string.IsNullOrEmpty(f.Str("label"))));
        var dates = response.Results().Select(h => h.GetProperty("citation").GetProperty("published").GetDateTime()).ToList();
        Assert.Equal(dates.OrderByDescending(d => d), dates);
    }

    [Fact]
    public async Task InvalidParameter_ThroughTheGeneratedClient_IsItsTypedProblemException()
    {
        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => _generated.CallAsync(_client, "SearchAsync", ("q", "diplomacy"), ("k", 500)));

        // NSwag throws ApiException<T> with the declared 400 body (the validation problem) for a declared status.
        Assert.Equal("ApiException`1", thrown.GetType().Name);
        Assert.Equal(400, (int)thrown.GetType().GetProperty("StatusCode")!.GetValue(thrown)!);
        var problem = Json(thrown.GetType().GetProperty("Result")!.GetValue(thrown));
        Assert.True(problem.GetProperty("errors").TryGetProperty("k", out _));
    }

    [Fact]
    public async Task PutDocument_ThroughTheGeneratedClient_IsFoundByTheNextSearchWithOffsetsIntoItsText()
    {
        const string text = "Saola conservation pact\n\nThe saola conservation pact was signed by the border provinces.\n";
        var body = Activator.CreateInstance(_generated.Type("PushBody"))!;
        body.GetType().GetProperty("Title")!.SetValue(body, "Saola conservation pact");
        body.GetType().GetProperty("Text")!.SetValue(body, text);
        body.GetType().GetProperty("Publisher")!.SetValue(body, "Forest Gazette");

        var created = Json(await _generated.CallAsync(_client, "PutDocumentAsync", ("id", "saola-pact"), ("body", body)));
        var search = Json(await _generated.CallAsync(_client, "SearchAsync", ("q", "saola"), ("mode", "lexical")));

        Assert.Equal("saola-pact", created.Str("documentId"));
        var hit = search.Results().Single();
        var citation = hit.GetProperty("citation");
        Assert.Equal("saola-pact", citation.Str("documentId"));
        Assert.Equal("Forest Gazette", citation.Str("publisher"));
        Assert.Equal(JsonShapes.Normalize(hit.Str("text")), JsonShapes.Normalize(text[citation.Int("charStart")..citation.Int("charEnd")]));
        var document = Json(await _generated.CallAsync(_client, "GetDocumentAsync", ("id", "saola-pact")));
        Assert.Equal(text, document.Str("rawText"));

        await _generated.CallAsync(_client, "DeletePushedDocumentAsync", ("id", "saola-pact"));
        Assert.Equal(HttpStatusCode.NotFound, (await service.Http.GetAsync("/documents/saola-pact")).StatusCode);
    }

    [Fact]
    public async Task Suggest_ThroughTheGeneratedClient_CompletesTheLastWord()
    {
        var response = Json(await _generated.CallAsync(_client, "SuggestAsync", ("q", "bamb"), ("k", 5)));

        var suggestions = response.GetProperty("suggestions").EnumerateArray().ToList();
        Assert.InRange(suggestions.Count, 1, 5);
        Assert.Contains(suggestions, s => s.Str("text") == "bamboo");
    }

    [Fact]
    public async Task Stats_ThroughTheGeneratedClient_CountsTheIndex()
    {
        var stats = Json(await _generated.CallAsync(_client, "GetStatsAsync"));

        Assert.True(stats.GetProperty("passages").GetInt64() > 0);
        Assert.True(stats.GetProperty("ready").GetBoolean());
    }
}
