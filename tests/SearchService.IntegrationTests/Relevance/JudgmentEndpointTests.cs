using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SearchService.Testing;

namespace SearchService.IntegrationTests.Relevance;

/// <summary>The seeds plus one article the tests edit, with an admin key (judgments live behind it).</summary>
public sealed class JudgmentFixture : RunningService
{
    public const string ApiKey = "test-judge-key-71c2";
    public const string EditedId = "985_judged";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Search:Admin:ApiKey"] = ApiKey };

    protected override IReadOnlyDictionary<string, string> ExtraSources => new Dictionary<string, string>
    {
        [EditedId + ".txt"] = "Judged article\n\nThe pangolin envoy praised the bamboo diplomacy of the summit.\n",
    };

    public HttpRequestMessage Request(HttpMethod method, string path, object? json = null, string? key = ApiKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return request;
    }
}

/// <summary>POST/GET /judgments and the judging pool against the real service.</summary>
public sealed class JudgmentEndpointTests(JudgmentFixture service) : IClassFixture<JudgmentFixture>
{
    private async Task<string> FirstPassageAsync(string query, string mode = "lexical")
    {
        var response = await service.Http.GetFromJsonAsync<JsonElement>($"/search?q={Uri.EscapeDataString(query)}&mode={mode}&k=1");
        return response.GetProperty("results")[0].GetProperty("passageId").GetString()!;
    }

    private async Task<JsonElement> ListAsync()
    {
        using var response = await service.Http.SendAsync(service.Request(HttpMethod.Get, "/judgments"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Without_the_key_every_judgment_route_is_401()
    {
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/judgments"), (HttpMethod.Post, "/judgments"), (HttpMethod.Get, "/judgments/pool?q=doi+moi") })
        {
            using var response = await service.Http.SendAsync(service.Request(method, path, method == HttpMethod.Post ? Array.Empty<object>() : null, key: "wrong"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Posted_judgments_are_listed_with_the_passage_hash_and_exported_as_trec_qrels()
    {
        var passage = await FirstPassageAsync("ASEAN chairmanship");

        using var post = await service.Http.SendAsync(service.Request(HttpMethod.Post, "/judgments", new[] { new { query = "ASEAN chairmanship", passageId = passage, grade = 2, judge = "ana" } }));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);

        var listed = (await ListAsync()).GetProperty("judgments").EnumerateArray()
            .Single(j => j.GetProperty("query").GetString() == "ASEAN chairmanship" && j.GetProperty("passageId").GetString() == passage);
        Assert.Equal(2, listed.GetProperty("grade").GetInt32());
        Assert.Equal("ana", listed.GetProperty("judge").GetString());
        Assert.False(listed.GetProperty("stale").GetBoolean());
        Assert.Matches("^[0-9a-f]{16}$", listed.GetProperty("contentHash").GetString()!);

        using var trec = await service.Http.SendAsync(service.Request(HttpMethod.Get, "/judgments?format=trec"));
        Assert.Contains($"{listed.GetProperty("queryId").GetString()} 0 {passage} 2\n", await trec.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(service.RootPath, "judgments.tsv")), "the store sits beside the index folder");
    }

    [Fact]
    public async Task The_beir_export_is_a_zip_of_queries_and_qrels()
    {
        var passage = await FirstPassageAsync("free trade agreements");
        using var post = await service.Http.SendAsync(service.Request(HttpMethod.Post, "/judgments", new[] { new { query = "free trade agreements", passageId = passage, grade = 1 } }));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);

        using var response = await service.Http.SendAsync(service.Request(HttpMethod.Get, "/judgments?format=beir"));

        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        using var queries = new StreamReader(zip.GetEntry("queries.jsonl")!.Open());
        Assert.Contains("\"text\":\"free trade agreements\"", await queries.ReadToEndAsync(), StringComparison.Ordinal);
        using var qrels = new StreamReader(zip.GetEntry("qrels/test.tsv")!.Open());
        var lines = (await qrels.ReadToEndAsync()).Split('\n');
        Assert.Equal("query-id\tcorpus-id\tscore", lines[0]);
        Assert.Contains(lines, line => line.EndsWith($"\t{passage}\t1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_judgment_survives_reindexing_and_turns_stale_when_its_passage_text_changes()
    {
        var passage = await FirstPassageAsync("pangolin envoy");
        Assert.StartsWith(JudgmentFixture.EditedId, passage, StringComparison.Ordinal);
        using (var post = await service.Http.SendAsync(service.Request(HttpMethod.Post, "/judgments", new[] { new { query = "pangolin envoy", passageId = passage, grade = 2 } })))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        using (var reindex = await service.Http.SendAsync(service.Request(HttpMethod.Post, "/admin/reindex")))
        {
            Assert.Equal(HttpStatusCode.OK, reindex.StatusCode);
        }

        Assert.False(Judged(await ListAsync(), passage).GetProperty("stale").GetBoolean());

        await File.WriteAllTextAsync(Path.Combine(service.SeedsPath, JudgmentFixture.EditedId + ".txt"), "Judged article\n\nThe pangolin envoy criticised the summit instead.\n");
        using (var reindex = await service.Http.SendAsync(service.Request(HttpMethod.Post, "/admin/reindex")))
        {
            Assert.Equal(HttpStatusCode.OK, reindex.StatusCode);
        }

        var after = await ListAsync();
        Assert.True(Judged(after, passage).GetProperty("stale").GetBoolean());
        Assert.True(after.GetProperty("stale").GetInt32() >= 1);
        using var trec = await service.Http.SendAsync(service.Request(HttpMethod.Get, "/judgments?format=trec"));
        Assert.DoesNotContain(passage, await trec.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static JsonElement Judged(JsonElement list, string passage) =>
        list.GetProperty("judgments").EnumerateArray().Last(j => j.GetProperty("query").GetString() == "pangolin envoy" && j.GetProperty("passageId").GetString() == passage);

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"query":"x","passageId":"y","grade":1}""", "body" },
        { "[]", "body" },
        { """[{"query":"doi moi","passageId":"003_37e75ead3a9a6882#6","grade":3}]""", "[0].grade" },
        { """[{"query":"","passageId":"003_37e75ead3a9a6882#6","grade":1}]""", "[0].query" },
        { """[{"query":"doi moi","passageId":"no-such-doc#1","grade":1}]""", "[0].passageId" },
        { """[{"query":"doi moi","passageId":"003_37e75ead3a9a6882#6","grade":"two"}]""", "body" },
        { """[null]""", "[0]" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_judgments_are_a_400_problem_naming_the_field_and_record_nothing(string body, string field)
    {
        var before = (await ListAsync()).GetProperty("count").GetInt32();
        var request = service.Request(HttpMethod.Post, "/judgments");
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await service.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, (await ListAsync()).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Unknown_export_format_is_a_400_problem()
    {
        using var response = await service.Http.SendAsync(service.Request(HttpMethod.Get, "/judgments?format=xml"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Concurrent_posts_all_land_in_the_store()
    {
        var passage = await FirstPassageAsync("foreign ministry");
        var before = (await ListAsync()).GetProperty("count").GetInt32();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            service.Http.SendAsync(service.Request(HttpMethod.Post, "/judgments", new[] { new { query = $"concurrent {i}", passageId = passage, grade = i % 3 } }))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var list = await ListAsync();
        Assert.Equal(before + 12, list.GetProperty("count").GetInt32());
        Assert.All(Enumerable.Range(0, 12), i => Assert.Contains(list.GetProperty("judgments").EnumerateArray(), j => j.GetProperty("query").GetString() == $"concurrent {i}"));
    }

    [Fact]
    public async Task The_pool_merges_every_mode_without_duplicates_or_modes_in_a_reproducible_order()
    {
        using var first = await service.Http.SendAsync(service.Request(HttpMethod.Get, "/judgments/pool?q=bamboo+diplomacy&k=5"));
        using var second = await service.Http.SendAsync(service.Request(HttpMethod.Get, "/judgments/pool?q=bamboo+diplomacy&k=5"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var pool = await first.Content.ReadFromJsonAsync<JsonElement>();
        var ids = pool.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("passageId").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("lexical", pool.GetProperty("modes").EnumerateArray().Select(m => m.GetString()));
        Assert.InRange(ids.Count, 5, 5 * pool.GetProperty("modes").GetArrayLength());
        Assert.All(pool.GetProperty("results").EnumerateArray(), r => Assert.False(r.TryGetProperty("mode", out _) || r.TryGetProperty("rank", out _) || r.TryGetProperty("score", out _)));
        Assert.Equal(ids, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("passageId").GetString()));
    }
}
