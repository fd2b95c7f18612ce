using System.Net;
using System.Text;
using System.Text.Json;
using SearchService.IntegrationTests.Ingestion;

namespace SearchService.IntegrationTests.OpenApi;

/// <summary>
/// The served OpenAPI document (/openapi/v1.json) describes the API as it behaves: typed, required, enumerated and
/// defaulted parameters, bodies that require only what is required, and every problem response the API returns.
/// </summary>
public sealed class OpenApiDocumentTests(PushFixture service) : IClassFixture<PushFixture>
{
    private async Task<JsonElement> DocumentAsync() => await (await service.Http.GetAsync("/openapi/v1.json")).JsonAsync();

    private static JsonElement Operation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static JsonElement Parameter(JsonElement operation, string name) =>
        operation.GetProperty("parameters").EnumerateArray().Single(p => p.Str("name") == name);

    [Fact]
    public async Task SearchParameters_AreTypedRequiredEnumeratedAndDefaulted()
    {
        var search = Operation(await DocumentAsync(), "/search", "get");

        var q = Parameter(search, "q");
        Assert.True(q.GetProperty("required").GetBoolean());
        Assert.Equal("string", q.GetProperty("schema").Str("type"));
        var k = Parameter(search, "k").GetProperty("schema");
        Assert.Equal("integer", k.Str("type"));
        Assert.Equal(10, k.GetProperty("default").GetInt32());
        Assert.Equal(1, k.GetProperty("minimum").GetInt32());
        Assert.Equal(100, k.GetProperty("maximum").GetInt32());
        var mode = Parameter(search, "mode");
        Assert.False(mode.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Equal("hybrid", mode.GetProperty("schema").Str("default"));
        Assert.Equal(["hybrid", "lexical", "semantic", "learned"], mode.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["plain", "lucene"], Parameter(search, "syntax").GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("boolean", Parameter(search, "explain").GetProperty("schema").Str("type"));
        Assert.All(search.GetProperty("parameters").EnumerateArray(), p => Assert.False(string.IsNullOrWhiteSpace(p.Str("description"))));
    }

    [Fact]
    public async Task DeclaredDefaults_AreWhatTheApiDoesWithoutTheParameter()
    {
        var search = Operation(await DocumentAsync(), "/search", "get");

        var response = await (await service.Http.GetAsync("/search?q=diplomacy")).JsonAsync();

        Assert.Equal(Parameter(search, "mode").GetProperty("schema").Str("default"), response.Str("mode"));
        Assert.Equal(Parameter(search, "k").GetProperty("schema").GetProperty("default").GetInt32(), response.Results().Count());
    }

    [Fact]
    public async Task DeclaredEnumValues_AreAccepted_AndOtherValuesAre400()
    {
        var search = Operation(await DocumentAsync(), "/search", "get");
        foreach (var parameter in search.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("schema").TryGetProperty("enum", out _)))
        {
            var name = parameter.Str("name");
            foreach (var value in parameter.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()!))
            {
                using var response = await service.Http.GetAsync($"/search?q=diplomacy&{name}={Uri.EscapeDataString(value)}");

                // learned is declared and understood; without a configured model it is the 400 that says so.
                var expected = value == "learned" ? HttpStatusCode.BadRequest : HttpStatusCode.OK;
                Assert.True(response.StatusCode == expected, $"{name}={value}: {(int)response.StatusCode}");
            }

            using var invalid = await service.Http.GetAsync($"/search?q=diplomacy&{name}=not-a-declared-value");
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }
    }

    [Fact]
    public async Task NoNumberIsTypedAsAString_AnywhereInTheDocument()
    {
        var offenders = new List<string>();
        Walk(await DocumentAsync(), "$", offenders);

        Assert.Empty(offenders);

        static void Walk(JsonElement element, string path, List<string> offenders)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array)
                {
                    var types = type.EnumerateArray().Select(t => t.GetString()).ToList();
                    if (types.Contains("string") && (types.Contains("integer") || types.Contains("number")))
                    {
                        offenders.Add(path);
                    }
                }

                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, $"{path}.{property.Name}", offenders);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{i++}]", offenders);
                }
            }
        }
    }

    [Theory]
    [InlineData("Citation", "paragraph")]
    [InlineData("DocumentSummary", "passageCount")]
    public async Task ResponseMetadataFields_AreRequired_AndNullableOnlyWhereTheDocumentMayLackThem(string schemaName, string ownField)
    {
        // Citation and DocumentSummary read their metadata fields from one nested record; the JSON stays flat and typed.
        var schema = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty(schemaName);
        var required = schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        var properties = schema.GetProperty("properties");

        Assert.Superset(new HashSet<string?> { "documentId", "title", "published", "publisher", "url", "sourcePath", ownField }, required);
        Assert.Equal("string", properties.GetProperty("documentId").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("title").GetProperty("type").GetString());
        Assert.Equal("string", properties.GetProperty("sourcePath").GetProperty("type").GetString());
        Assert.Contains("null", properties.GetProperty("publisher").GetProperty("type").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task RequestBodies_RequireOnlyTheFieldsTheEndpointRequires()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        Assert.Equal(["q"], schemas.GetProperty("SearchInput").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["q"], schemas.GetProperty("AskBody").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["text", "title"], schemas.GetProperty("PushBody").GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal("hybrid", schemas.GetProperty("SearchInput").GetProperty("properties").GetProperty("mode").Str("default"));
    }

    [Fact]
    public async Task EveryOperation_DeclaresItsProblemResponsesWithTheProblemSchema()
    {
        var document = await DocumentAsync();
        var expected = new (string Path, string Method, string[] Statuses)[]
        {
            ("/search", "get", ["400", "429", "503"]),
            ("/search", "post", ["400", "413", "415", "429", "503"]),
            ("/ask", "get", ["400", "429", "503"]),
            ("/documents/{id}", "get", ["404"]),
            ("/documents/{id}", "put", ["400", "401", "409", "413", "415", "503"]),
            ("/documents/{id}", "delete", ["401", "404", "409"]),
            ("/admin/reindex", "post", ["401"]),
        };

        foreach (var (path, method, statuses) in expected)
        {
            var responses = Operation(document, path, method).GetProperty("responses");
            foreach (var status in statuses)
            {
                Assert.True(responses.TryGetProperty(status, out var response), $"{method} {path} does not declare {status}");
                var schema = response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").Str("$ref");
                Assert.Matches("^#/components/schemas/(Http(Validation)?)?ProblemDetails$", schema);
            }
        }
    }

    [Fact]
    public async Task PushOperations_NeedTheApiKey_AndDescribeBothBodyTypes()
    {
        var document = await DocumentAsync();
        var put = Operation(document, "/documents/{id}", "put");

        Assert.Equal("header", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").Str("in"));
        Assert.Equal("X-Api-Key", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").Str("name"));
        Assert.True(put.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
        var content = put.GetProperty("requestBody").GetProperty("content");
        Assert.Equal("#/components/schemas/PushBody", content.GetProperty("application/json").GetProperty("schema").Str("$ref"));
        Assert.True(content.TryGetProperty("text/plain", out _));
        var id = Parameter(put, "id").GetProperty("schema");
        Assert.Equal(Engine.Pushing.PushedDocumentId.Pattern, id.Str("pattern"));
        Assert.Equal("boolean", Parameter(put, "wait").GetProperty("schema").Str("type"));
        Assert.True(Parameter(put, "wait").GetProperty("schema").GetProperty("default").GetBoolean());
    }

    [Fact]
    public async Task HealthEndpoints_AreDocumented()
    {
        var document = await DocumentAsync();

        Assert.True(Operation(document, "/health/live", "get").GetProperty("responses").TryGetProperty("200", out _));
        var ready = Operation(document, "/health/ready", "get").GetProperty("responses");
        Assert.True(ready.TryGetProperty("200", out _));
        Assert.True(ready.TryGetProperty("503", out _));
    }

    [Fact]
    public async Task EveryStatusTheApiReturnsForBadInput_IsDeclaredForItsOperation()
    {
        var document = await DocumentAsync();
        var cases = new (string Path, string Method, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("/search", "get", () => service.Http.GetAsync("/search?q=diplomacy&k=abc")),
            ("/search", "post", () => service.Http.PostAsync("/search", new StringContent("q=x", Encoding.UTF8, "text/plain"))),
            ("/documents/{id}", "get", () => service.Http.GetAsync("/documents/no-such-document")),
            ("/documents/{id}", "put", () => service.PutTextAsync("declared-doc", "Title\n\nText\n", key: null)),
            ("/documents/{id}", "put", () => service.SendAsync(HttpMethod.Put, "/documents/declared-doc", new StringContent("<x/>", Encoding.UTF8, "application/xml"))),
            ("/documents/{id}", "put", () => service.PutJsonAsync("declared-doc", new { text = "no title" })),
            ("/documents/{id}", "delete", () => service.DeleteAsync("no-such-document")),
        };

        foreach (var (path, method, send) in cases)
        {
            using var response = await send();
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(status[0] == '4', $"{method} {path} answered {status}");
            Assert.True(Operation(document, path, method).GetProperty("responses").TryGetProperty(status, out _), $"{method} {path} answered {status}, which the document does not declare");
        }
    }
}
