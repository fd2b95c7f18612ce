using System.Diagnostics;
using System.Net;
using SearchService.Testing;

namespace SearchService.IntegrationTests.Faults;

/// <summary>
/// Only regular files inside the sources folder are read: links out of it, devices and FIFOs are skipped with a status,
/// never read, never served, never able to stop or hang a pass. Against the real process, as an attacker with write
/// access to the sources folder would try it.
/// </summary>
public sealed class SourceEscapeTests : IDisposable
{
    private const string AdminKey = "escape-test-key";
    private const string SecretWord = "zyzzogetonsecret";

    private readonly TemporaryFolder _folder = new("searchservice-escape-");

    private string Root => _folder.Path;

    private string Seeds => Path.Combine(Root, "seeds");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task LinksOutOfTheFolder_DevicesAndFifos_AreSkippedUnread_AndTheRestIsIndexed()
    {
        Directory.CreateDirectory(Seeds);
        File.WriteAllText(Path.Combine(Root, "secret.txt"), $"Secret\n\nThe {SecretWord} password lives outside the sources.\n");
        File.WriteAllText(Path.Combine(Seeds, "aa_first.txt"), "First article\n\nThe pangolin committee met on Monday.\n");
        File.CreateSymbolicLink(Path.Combine(Seeds, "outside.txt"), Path.Combine(Root, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(Seeds, "relative_out.txt"), "../secret.txt");
        File.CreateSymbolicLink(Path.Combine(Seeds, "passwd.txt"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(Seeds, "zero.txt"), "/dev/zero");
        MakeFifo(Path.Combine(Seeds, "pipe.txt"));
        File.WriteAllText(Path.Combine(Seeds, "inside_target.md"), "Inside target\n\nThe axolotl survey was published.\n");
        File.CreateSymbolicLink(Path.Combine(Seeds, "inside_link.txt"), "inside_target.md");
        File.WriteAllText(Path.Combine(Seeds, "zz_last.txt"), "Last article\n\nThe capybara festival drew crowds.\n");

        // A FIFO or /dev/zero used to hang or abort the very first pass: then the service never became ready.
        await using var service = ServiceProcess.Start(Seeds, Path.Combine(Root, "index"), new Dictionary<string, string> { ["Search__Admin__ApiKey"] = AdminKey });
        await service.WaitUntilReadyAsync();

        var documents = await DocumentsAsync(service);
        foreach (var escaped in new[] { "outside", "relative_out", "passwd", "zero" })
        {
            Assert.Equal("skipped", documents[escaped].Str("status"));
            Assert.Contains("outside the sources folder", documents[escaped].Str("problem"), StringComparison.Ordinal);
        }

        Assert.Equal("skipped", documents["pipe"].Str("status"));
        Assert.Contains("FIFO", documents["pipe"].Str("problem"), StringComparison.Ordinal);
        Assert.Equal("indexed", documents["inside_link"].Str("status"));
        Assert.Equal("indexed", documents["zz_last"].Str("status"));

        // Nothing of the files outside is searchable or served.
        Assert.Empty((await (await service.Http.GetAsync($"/search?q={SecretWord}&mode=lexical")).JsonAsync()).Results());
        Assert.Empty((await (await service.Http.GetAsync("/search?q=root+bin+bash&mode=lexical")).JsonAsync()).Results());
        foreach (var escaped in new[] { "outside", "passwd", "zero" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await service.Http.GetAsync($"/documents/{escaped}")).StatusCode);
        }

        Assert.Single((await (await service.Http.GetAsync("/search?q=capybara&mode=lexical")).JsonAsync()).Results());
        Assert.Equal(5, (await (await service.Http.GetAsync("/stats")).JsonAsync()).Int("skippedSources"));

        // Later passes are not stuck either: a reindex answers, and a file added now is indexed.
        File.WriteAllText(Path.Combine(Seeds, "zz_later.txt"), "Later article\n\nThe okapi delegation arrived.\n");
        using var reindex = new HttpRequestMessage(HttpMethod.Post, "/admin/reindex");
        reindex.Headers.Add("X-Api-Key", AdminKey);
        using var answer = await service.Http.SendAsync(reindex);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        await service.WaitUntilAsync(
            async () => (await (await service.Http.GetAsync("/search?q=okapi&mode=lexical")).JsonAsync()).Results().Any(),
            "the file added after the special files");
    }

    [Fact]
    public async Task LinkThatIsSwappedToPointOutside_StopsBeingServed()
    {
        Directory.CreateDirectory(Seeds);
        File.WriteAllText(Path.Combine(Root, "secret.txt"), $"Secret\n\nThe {SecretWord} password lives outside the sources.\n");
        File.WriteAllText(Path.Combine(Seeds, "target.md"), "Target\n\nThe manatee count rose.\n");
        var link = Path.Combine(Seeds, "swapped.txt");
        File.CreateSymbolicLink(link, "target.md");
        await using var service = ServiceProcess.Start(Seeds, Path.Combine(Root, "index"));
        await service.WaitUntilReadyAsync();
        Assert.Equal("indexed", (await DocumentsAsync(service))["swapped"].Str("status"));

        File.Delete(link);
        File.CreateSymbolicLink(link, Path.Combine(Root, "secret.txt"));
        await service.WaitUntilAsync(
            async () => (await DocumentsAsync(service))["swapped"].Str("status") == "stale",
            "the swapped link to be refused");

        Assert.Empty((await (await service.Http.GetAsync($"/search?q={SecretWord}&mode=lexical")).JsonAsync()).Results());
        var served = await (await service.Http.GetAsync("/documents/swapped")).JsonAsync();
        Assert.DoesNotContain(SecretWord, served.Str("rawText"), StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, System.Text.Json.JsonElement>> DocumentsAsync(ServiceProcess service) =>
        (await (await service.Http.GetAsync("/documents")).JsonAsync()).EnumerateArray().ToDictionary(d => d.Str("documentId"));

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
