using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using SearchService.Cluster.Routing;
using SearchService.Cluster.Search;
using SearchService.Cluster.Shards;
using SearchService.Engine.Retrieval;
using Proto = SearchService.Grpc.V1;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.ClusterTests;

/// <summary>
/// A node of a three-silo cluster answers /search, /documents and push (HTTP and gRPC) as one node over the same
/// documents does: the same statuses, bodies, rankings (scores to 1e-6) and citations, with pushed documents durable
/// on the shard their id hashes to and found from every silo.
/// </summary>
public sealed class ClusterApiTests(ClusterApiFixture fixture) : IClassFixture<ClusterApiFixture>
{
    // CRLF line ends and characters outside the BMP before the passages: offsets must still slice the uploaded text.
    private const string GlacierText =
        "Khảo sát sông băng 🧊\r\n\r\nThe glacier survey counted crevasses on the northern tongue of the ice field.\r\n" +
        "Surveyors measured how fast the glacier ice is melting each summer and mapped the new meltwater lakes.\r\n";

    public static TheoryData<string, string> SearchCases => new()
    {
        { "vaccine trial results", "hybrid" },
        { "water", "lexical" },
        { "economic growth", "semantic" },
        { "the", "hybrid" },
    };

    [Theory]
    [MemberData(nameof(SearchCases))]
    public async Task Http_search_on_a_cluster_node_equals_one_node(string query, string mode)
    {
        var (single, node) = await fixture.Both(() => ClusterApiFixture.Get($"/search?q={Uri.EscapeDataString(query)}&mode={mode}&k=10"));
        Assert.Equal(200, single.Status);
        Assert.Equal(200, node.Status);
        AssertSameHits(single.Json!, node.Json!);
    }

    [Fact]
    public async Task A_document_pushed_over_http_is_found_from_every_silo_with_the_citation_one_node_gives()
    {
        const string id = "glacier-survey-http";
        var body = new { title = "Glacier survey", text = GlacierText, published = "2024-05-01", url = "https://example.org/glacier", publisher = "Ice Desk" };

        var (single, node) = await fixture.Both(() => ClusterApiFixture.Put(id, body));

        Assert.Equal(201, single.Status);
        Assert.Equal(201, node.Status);
        AssertSameJson(single.Json, node.Json);
        var held = await fixture.Cluster.Cluster.Client.GetGrain<IShardGrain>(ShardRouting.ShardOf(id, InProcessCluster.Shards)).GetDocumentIds();
        Assert.Contains(id, held);

        var (singleSearch, nodeSearch) = await fixture.Both(() => ClusterApiFixture.Get("/search?q=glacier%20crevasses&k=5"));
        AssertSameHits(singleSearch.Json!, nodeSearch.Json!);
        var top = nodeSearch.Json!["results"]![0]!;
        Assert.Equal(id, (string?)top["citation"]!["documentId"]);
        var (start, end) = ((int)top["citation"]!["charStart"]!, (int)top["citation"]!["charEnd"]!);
        Assert.Contains("counted crevasses", GlacierText[start..end], StringComparison.Ordinal);

        // Any node coordinates: every silo's own scatter-gather finds it, ranked and cited alike.
        var request = new SearchRequest("glacier crevasses", K: 5, Mode: SearchMode.Hybrid);
        foreach (var silo in fixture.Cluster.Cluster.Silos)
        {
            var response = (await silo.ServiceProvider.GetRequiredService<ClusterSearch>().Search(request)).Response;
            Assert.Equal(
                singleSearch.Json!["results"]!.AsArray().Select(h => (string?)h!["passageId"]),
                response.Results.Select(h => h.PassageId));
            Assert.Equal(start, response.Results[0].Citation.CharStart);
            Assert.Equal(end, response.Results[0].Citation.CharEnd);
        }
    }

    [Fact]
    public async Task A_raw_text_push_replaced_by_a_json_push_answers_as_one_node()
    {
        const string id = "heron-notes-text";
        var first = await fixture.Both(() => new HttpRequestMessage(HttpMethod.Put, $"/documents/{id}")
        {
            Content = new StringContent("Heron notes\n\nGrey herons nested by the reed beds near the old mill this spring.\n", System.Text.Encoding.UTF8, "text/plain"),
            Headers = { { "X-Api-Key", NodeHost.ApiKey } },
        });
        Assert.Equal(201, first.Node.Status);
        AssertSameJson(first.Single.Json, first.Node.Json);

        var again = await fixture.Both(() => ClusterApiFixture.Put(id, new { title = "Heron notes, revised", text = "Purple herons replaced the grey ones by the reed beds.\n" }));
        Assert.Equal(200, again.Node.Status);
        Assert.True((bool)again.Node.Json!["replaced"]!);
        AssertSameJson(again.Single.Json, again.Node.Json);

        var (single, node) = await fixture.Both(() => ClusterApiFixture.Get("/search?q=herons%20reed%20beds&mode=lexical&k=3"));
        AssertSameHits(single.Json!, node.Json!);
        Assert.Contains("Purple herons", node.Json!["results"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var replacedText = await fixture.Cluster.Search.Rank("nested mill spring", 10, SearchMode.Lexical);
        Assert.DoesNotContain(replacedText.Passages, p => p.DocumentId == id);
    }

    [Fact]
    public async Task Document_list_and_detail_on_a_cluster_node_equal_one_node_after_the_same_pushes()
    {
        await fixture.Both(() => ClusterApiFixture.Put("otter-census", new { title = "Otter census", text = "Volunteers counted otters along the estuary at dawn.\nThe count rose for a third year.\n", publisher = "River Trust" }));

        var list = await fixture.Both(() => ClusterApiFixture.Get("/documents"));
        Assert.Equal(200, list.Node.Status);
        Assert.True(list.Node.Json!.AsArray().Count > 5);
        AssertSameJson(list.Single.Json, list.Node.Json);

        foreach (var id in new[] { "otter-census", (string)list.Single.Json!.AsArray()[0]!["documentId"]!, "no-such-document" })
        {
            var (single, node) = await fixture.Both(() => ClusterApiFixture.Get($"/documents/{id}"));
            Assert.Equal(single.Status, node.Status);
            AssertSameJson(single.Json, node.Json);
        }
    }

    [Fact]
    public async Task Delete_on_a_cluster_node_removes_the_document_from_its_shard_and_refuses_what_one_node_refuses()
    {
        const string id = "kestrel-log";
        await fixture.Both(() => ClusterApiFixture.Put(id, new { title = "Kestrel log", text = "A kestrel hovered over the motorway verge hunting voles.\n" }));
        var seed = (string)(await fixture.Both(() => ClusterApiFixture.Get("/documents"))).Single.Json!.AsArray()[0]!["documentId"]!;

        var deleted = await fixture.Both(() => ClusterApiFixture.Delete(id));
        var again = await fixture.Both(() => ClusterApiFixture.Delete(id));
        var folder = await fixture.Both(() => ClusterApiFixture.Delete(seed));
        var overFolder = await fixture.Both(() => ClusterApiFixture.Put(seed, new { title = "Not allowed", text = "A push may not replace a file of the sources folder.\n" }));
        var badId = await fixture.Both(() => ClusterApiFixture.Put("..%2Fescape", new { title = "Bad", text = "Bad id.\n" }));
        var noTitle = await fixture.Both(() => ClusterApiFixture.Put("no-title", new { text = "A body without its title.\n" }));

        Assert.Equal((204, 404, 409, 409, 400, 400), (deleted.Node.Status, again.Node.Status, folder.Node.Status, overFolder.Node.Status, badId.Node.Status, noTitle.Node.Status));
        foreach (var (single, node) in new[] { deleted, again, folder, overFolder, badId, noTitle })
        {
            Assert.Equal(single.Status, node.Status);
            AssertSameJson(single.Json, node.Json);
        }

        Assert.DoesNotContain(id, await fixture.Cluster.Cluster.Client.GetGrain<IShardGrain>(ShardRouting.ShardOf(id, InProcessCluster.Shards)).GetDocumentIds());
        var search = await fixture.Both(() => ClusterApiFixture.Get("/search?q=kestrel%20voles&mode=lexical"));
        Assert.Equal(0, (int)search.Node.Json!["total"]!);
        AssertSameHits(search.Single.Json!, search.Node.Json!);
    }

    [Fact]
    public async Task A_push_without_waiting_is_accepted_at_once_and_becomes_searchable_on_the_cluster()
    {
        const string id = "puffin-colony";
        var (single, node) = await fixture.Both(() => ClusterApiFixture.Put(id, new { title = "Puffin colony", text = "The puffin colony on the sea stacks fledged record numbers.\n" }, wait: false));
        Assert.Equal(202, node.Status);
        AssertSameJson(single.Json, node.Json);

        // Bounded poll for the background indexing, not a timing assertion. The single node indexes in the background
        // too: the class's later tests compare scores with it, so both must hold the document before this one ends.
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var found = await fixture.Cluster.Search.Rank("puffin colony sea stacks", 1, SearchMode.Lexical);
            var (singleFound, _) = await fixture.Both(() => ClusterApiFixture.Get("/search?q=puffin+colony+sea+stacks&k=1&mode=lexical"));
            if (found.Passages is [{ DocumentId: id }] && singleFound.Json?["results"] is JsonArray { Count: > 0 } results && (string?)results[0]!["citation"]!["documentId"] == id)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The document pushed with wait=false was never searchable.");
    }

    [Fact]
    public async Task Put_and_delete_over_grpc_on_a_cluster_node_go_to_the_owning_shard_as_one_node_answers()
    {
        const string id = "lynx-tracks-grpc";
        using var nodeChannel = fixture.Node.OpenGrpcChannel();
        using var singleChannel = fixture.Single.OpenGrpcChannel();
        var (node, single) = (new SearchClient(nodeChannel), new SearchClient(singleChannel));
        var key = new Metadata { { "x-api-key", NodeHost.ApiKey } };
        var request = new Proto.PutDocumentRequest { Id = id, Title = "Lynx tracks", Text = "Rangers found lynx tracks in fresh snow above the spruce line.\r\n", Published = "2023-12-01" };

        var put = await node.PutDocumentAsync(request, key);
        var singlePut = await single.PutDocumentAsync(request, key);
        Assert.Equal(("indexed", false), (put.Status, put.Replaced));
        Assert.Equal(singlePut.PassageCount, put.PassageCount);
        Assert.Equal(singlePut.Document.ToString(), put.Document.ToString().Replace(put.Document.IndexedAt, singlePut.Document.IndexedAt, StringComparison.Ordinal));
        Assert.Contains(id, await fixture.Cluster.Cluster.Client.GetGrain<IShardGrain>(ShardRouting.ShardOf(id, InProcessCluster.Shards)).GetDocumentIds());

        var detail = await node.GetDocumentAsync(new Proto.GetDocumentRequest { Id = id });
        var singleDetail = await single.GetDocumentAsync(new Proto.GetDocumentRequest { Id = id });
        Assert.Equal(singleDetail.RawText, detail.RawText);
        Assert.Equal(singleDetail.Passages, detail.Passages);
        var found = await node.SearchAsync(new Proto.SearchRequest { Q = "lynx tracks snow", Mode = "lexical" });
        Assert.Equal(id, found.Results[0].Citation.Metadata.DocumentId);

        var deleted = await node.DeleteDocumentAsync(new Proto.DeleteDocumentRequest { Id = id }, key);
        await single.DeleteDocumentAsync(new Proto.DeleteDocumentRequest { Id = id }, key);
        Assert.Equal("deleted", deleted.Status);
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await node.GetDocumentAsync(new Proto.GetDocumentRequest { Id = id }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var invalid = await Assert.ThrowsAsync<RpcException>(async () => await node.PutDocumentAsync(new Proto.PutDocumentRequest { Id = "bad/id", Title = "x", Text = "y" }, key));
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
    }

    [Fact]
    public async Task Ask_on_a_cluster_node_gives_the_answer_one_node_gives_to_every_question_of_the_answer_set()
    {
        var questions = File.ReadLines(Path.Combine(TestPaths.RepoRoot, "eval", "answers", "answers.jsonl"))
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => (string)JsonNode.Parse(line)!["question"]!)
            .Append("doi moi")
            .ToList();
        var answered = 0;
        foreach (var question in questions)
        {
            var (single, node) = await fixture.Both(() => ClusterApiFixture.Get($"/ask?q={Uri.EscapeDataString(question)}"));
            Assert.Equal((200, 200), (single.Status, node.Status));
            foreach (var field in new[] { "isQuestion", "answer", "reason" })
            {
                Assert.True(JsonNode.DeepEquals(single.Json![field], node.Json![field]), $"'{question}' {field}: one node {single.Json![field]?.ToJsonString()}, the cluster node {node.Json![field]?.ToJsonString()}");
            }

            AssertSameHitList(single.Json!["passages"]!.AsArray(), node.Json!["passages"]!.AsArray());
            answered += node.Json!["answer"] is null ? 0 : 1;
        }

        Assert.True(answered >= questions.Count / 3, $"only {answered} of {questions.Count} questions were answered: the comparison would prove little");
    }

    [Theory]
    [InlineData("v", 20)]
    [InlineData("vie", 8)]
    [InlineData("viet", 8)]
    [InlineData("trade agr", 8)]
    [InlineData("economic ", 8)]
    [InlineData("th", 20)]
    [InlineData("water", 5)]
    [InlineData("zzqx", 8)]
    public async Task Suggest_on_a_cluster_node_equals_one_node(string typed, int k)
    {
        var (single, node) = await fixture.Both(() => ClusterApiFixture.Get($"/suggest?q={Uri.EscapeDataString(typed)}&k={k}"));
        Assert.Equal((200, 200), (single.Status, node.Status));
        AssertSameJson(single.Json, node.Json);
    }

    [Fact]
    public async Task Suggest_on_a_cluster_node_completes_a_word_only_a_pushed_document_has_and_its_title()
    {
        await fixture.Both(() => ClusterApiFixture.Put("quokka-survey", new { title = "Quokka survey", text = "Rangers counted quokkas on the island at dusk.\n" }));

        var (single, node) = await fixture.Both(() => ClusterApiFixture.Get("/suggest?q=quok"));

        AssertSameJson(single.Json, node.Json);
        Assert.Contains(node.Json!["suggestions"]!.AsArray(), s => (string?)s!["documentId"] == "quokka-survey");
        Assert.Contains(node.Json!["suggestions"]!.AsArray(), s => (string?)s!["text"] == "quokkas");
    }

    private static void AssertSameJson(JsonNode? single, JsonNode? node)
    {
        var (expected, actual) = (ClusterApiFixture.WithoutTimes(single), ClusterApiFixture.WithoutTimes(node));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"one node answered\n{expected?.ToJsonString()}\nthe cluster node\n{actual?.ToJsonString()}");
    }

    /// <summary>The same total and hits (passages, ranks, text, snippets, citations), scores to 1e-6.</summary>
    private static void AssertSameHits(JsonNode single, JsonNode node)
    {
        Assert.Equal((long)single["total"]!, (long)node["total"]!);
        AssertSameHitList(single["results"]!.AsArray(), node["results"]!.AsArray());
    }

    private static void AssertSameHitList(JsonArray expected, JsonArray actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal((string?)e!["passageId"], (string?)a!["passageId"]);
            Assert.Equal((double)e["score"]!, (double)a["score"]!, RankingAssert.Tolerance);
            foreach (var field in new[] { "rank", "text", "snippet", "citation", "highlights" })
            {
                Assert.True(JsonNode.DeepEquals(e[field], a[field]), $"{e["passageId"]} {field}: one node {e[field]?.ToJsonString()}, the cluster node {a[field]?.ToJsonString()}");
            }
        }
    }
}
