using System.Net;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using SearchService.Grpc.V1;
using SearchService.IntegrationTests.Faults;
using SearchService.Testing;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests.Ingestion;

/// <summary>A pushed document is a source like a file: it outlives the process, and a lost index is rebuilt with it.</summary>
public sealed class PushRestartTests
{
    private const string Key = "restart-key-9d2e";

    [Fact]
    public async Task PushedDocument_SurvivesAServiceRestart_AndARebuildOfTheIndex()
    {
        using var root = new TemporaryFolder("push-restart-");
        var seeds = Directory.CreateDirectory(Path.Combine(root.Path, "seeds")).FullName;
        await File.WriteAllTextAsync(Path.Combine(seeds, "100_folder.txt"), "Folder article\n\nThe heron report from the folder.\n");
        var index = Path.Combine(root.Path, "index");
        var settings = new Dictionary<string, string> { ["Search__Admin__ApiKey"] = Key };
        const string text = "Pushed article\n\nThe ibis memorandum was pushed over the API.\n";

        await using (var first = ServiceProcess.Start(seeds, index, settings))
        {
            await first.WaitUntilReadyAsync();
            using var request = new HttpRequestMessage(HttpMethod.Put, "/documents/ibis-memo") { Content = new StringContent(text, Encoding.UTF8, "text/plain") };
            request.Headers.Add("X-Api-Key", Key);
            using var put = await first.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            first.Kill();
        }

        // The index is a cache of its sources: deleting it must not lose what was pushed.
        Directory.Delete(index, recursive: true);

        await using var second = ServiceProcess.Start(seeds, index, settings);
        await second.WaitUntilReadyAsync();
        var search = await (await second.Http.GetAsync("/search?q=ibis&mode=lexical")).JsonAsync();
        Assert.Equal("ibis-memo", search.Results().Single().GetProperty("citation").Str("documentId"));
        Assert.Equal(text, (await (await second.Http.GetAsync("/documents/ibis-memo")).JsonAsync()).Str("rawText"));
        Assert.Equal(1, (await (await second.Http.GetAsync("/search?q=heron&mode=lexical")).JsonAsync()).Int("total"));
    }

    [Fact]
    public async Task DocumentPushedOverGrpc_SurvivesAServiceRestart_AndARebuildOfTheIndex()
    {
        using var root = new TemporaryFolder("push-restart-grpc-");
        var seeds = Directory.CreateDirectory(Path.Combine(root.Path, "seeds")).FullName;
        await File.WriteAllTextAsync(Path.Combine(seeds, "100_folder.txt"), "Folder article\n\nThe heron report from the folder.\n");
        var index = Path.Combine(root.Path, "index");
        var grpcPort = FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Search__Admin__ApiKey"] = Key,
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpcPort}",
        };
        const string text = "The spoonbill memorandum was pushed over gRPC.\n";
        var key = new Metadata { { "x-api-key", Key } };

        await using (var first = ServiceProcess.Start(seeds, index, settings))
        {
            await first.WaitUntilReadyAsync();
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
            var put = await new SearchClient(channel).PutDocumentAsync(new PutDocumentRequest { Id = "spoonbill-memo", Title = "Spoonbill memo", Text = text }, key);
            Assert.Equal("indexed", put.Status);
            first.Kill();
        }

        Directory.Delete(index, recursive: true);

        await using var second = ServiceProcess.Start(seeds, index, settings);
        await second.WaitUntilReadyAsync();
        using var again = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var client = new SearchClient(again);
        var hit = (await client.SearchAsync(new SearchRequest { Q = "spoonbill", Mode = "lexical" })).Results.Single();
        Assert.Equal("spoonbill-memo", hit.Citation.Metadata.DocumentId);
        Assert.Equal("Spoonbill memo", hit.Citation.Metadata.Title);
        Assert.Equal(text, (await client.GetDocumentAsync(new GetDocumentRequest { Id = "spoonbill-memo" })).RawText);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
