using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace SearchService.IntegrationTests.Robustness;

/// <summary>
/// Many clients search while source files are rewritten, deleted and recreated under the running worker. Every churned
/// file version N has exactly <see cref="PassagesPerVersion"/> passages, each carrying the marker word and the token
/// <c>versionN</c>, so consistency is checkable from outside: a response never mixes two versions of one document, and
/// once the worker has caught up no hit cites a file that no longer exists.
/// </summary>
public sealed partial class ConcurrentChurnTests(ServiceFixture service, ITestOutputHelper output) : IClassFixture<ServiceFixture>
{
    private const string Marker = "wapitichurn";
    private const int PassagesPerVersion = 4;
    private const int Clients = 8;
    private const int MaxChurnRounds = 150;

    private static readonly string[] ChurnedIds = ["960_churn_a", "960_churn_b", "960_churn_c"];

    /// <summary>
    /// Hybrid gets fewer searches per client: every re-index refits the vector model, which takes the machine's two
    /// cores for a second or more, so hybrid under churn runs at about 20 requests/s here against 200 for lexical.
    /// </summary>
    [Theory]
    [InlineData("lexical", 150)]
    [InlineData("hybrid", 50)]
    public async Task ParallelSearches_WhileSourcesChurn_AreAll200AndNeverMixVersions(string mode, int searchesPerClient)
    {
        var staging = Path.Combine(Path.GetDirectoryName(service.SeedsPath)!, "churn-staging-" + mode);
        Directory.CreateDirectory(staging);
        var version = 0;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ChurnedIds)
        {
            WriteVersion(staging, id, ++version);
            present.Add(id);
        }

        await WaitForCatchUpAsync(present, mode);

        var failures = new ConcurrentQueue<string>();
        var searches = 0;
        var churnHits = 0;
        using var done = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (var i = 0; i < searchesPerClient; i++)
            {
                var url = i % 10 == 9 ? "/documents" : $"/search?q={Marker}&k=100&mode={mode}";
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                using var response = await service.Http.GetAsync(url, timeout.Token);
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                Interlocked.Increment(ref searches);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"client {client} #{i} {url}: HTTP {(int)response.StatusCode} {body}");
                    continue;
                }

                if (url.StartsWith("/search", StringComparison.Ordinal))
                {
                    Interlocked.Add(ref churnHits, CheckConsistent(body, mode, $"client {client} #{i}", failures));
                }
            }
        })).ToList();
        var allClients = Task.WhenAll(clients);

        // The churn: rewrite (atomically, via rename), delete and recreate the files until the clients are done.
        var random = new Random(7);
        var rounds = 0;
        while (!allClients.IsCompleted && rounds < MaxChurnRounds)
        {
            var id = ChurnedIds[rounds % ChurnedIds.Length];
            if (present.Contains(id) && random.Next(3) == 0)
            {
                File.Delete(SourcePath(id));
                present.Remove(id);
            }
            else
            {
                WriteVersion(staging, id, ++version);
                present.Add(id);
            }

            rounds++;
            // Pacing, not an assertion: some changes land inside one debounce window, some after a re-index.
            await Task.WhenAny(allClients, Task.Delay(random.Next(4) == 0 ? 250 : random.Next(5, 60)));
        }

        await allClients;

        // End in a state with a deleted file and a freshly rewritten one.
        File.Delete(SourcePath(ChurnedIds[2]));
        present.Remove(ChurnedIds[2]);
        WriteVersion(staging, ChurnedIds[0], ++version);
        present.Add(ChurnedIds[0]);
        var elapsed = clock.Elapsed;

        var final = await WaitForCatchUpAsync(present, mode);
        output.WriteLine($"{mode}: {searches} requests by {Clients} clients in {elapsed.TotalSeconds:F1} s during {rounds} churn rounds (last version {version}); {churnHits} churned hits checked; failures {failures.Count}.");

        Assert.True(failures.IsEmpty, $"{failures.Count} inconsistent or failed responses; first ones:\n" + string.Join('\n', failures.Take(10)));
        Assert.Equal(present.Order(StringComparer.Ordinal), final.Keys.Order(StringComparer.Ordinal));
        Assert.All(final, document => Assert.Equal(PassagesPerVersion, document.Value));
    }

    /// <summary>
    /// /ask under the same churn: an answer's source offsets must slice exactly its sentence out of the version of the
    /// file it was drawn from. Each version pads its lines differently (trailing spaces the passages normalize away),
    /// so offsets mapped onto another version's text would cut the wrong characters.
    /// </summary>
    [Fact]
    public async Task ParallelAsks_WhileSourcesChurn_CiteOffsetsThatSliceTheirOwnVersion()
    {
        const string Question = $"What did the {Marker} delegation report?";
        var staging = Path.Combine(Path.GetDirectoryName(service.SeedsPath)!, "churn-staging-ask");
        Directory.CreateDirectory(staging);
        var version = 1000;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ChurnedIds)
        {
            WriteVersion(staging, id, ++version);
            present.Add(id);
        }

        await WaitForCatchUpAsync(present, "lexical");

        var failures = new ConcurrentQueue<string>();
        var answered = 0;
        var clients = Enumerable.Range(0, Clients / 2).Select(client => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                using var response = await service.Http.GetAsync($"/ask?q={Uri.EscapeDataString(Question)}&mode=lexical", timeout.Token);
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"client {client} #{i}: HTTP {(int)response.StatusCode} {body}");
                    continue;
                }

                Interlocked.Add(ref answered, CheckAnswerOffsets(body, $"client {client} #{i}", failures));
            }
        })).ToList();
        var allClients = Task.WhenAll(clients);

        var random = new Random(11);
        for (var rounds = 0; !allClients.IsCompleted && rounds < MaxChurnRounds; rounds++)
        {
            WriteVersion(staging, ChurnedIds[rounds % ChurnedIds.Length], ++version);
            // Pacing, not an assertion: some rewrites land inside one debounce window, some after a re-index.
            await Task.WhenAny(allClients, Task.Delay(random.Next(4) == 0 ? 250 : random.Next(5, 60)));
        }

        await allClients;
        output.WriteLine($"/ask under churn: {answered} answer offsets checked, last version {version}; failures {failures.Count}.");

        Assert.True(failures.IsEmpty, $"{failures.Count} failed or mis-cited answers; first ones:\n" + string.Join('\n', failures.Take(10)));
        Assert.True(answered > 0, "no /ask response answered from a churned document, so no offset was checked");
    }

    /// <summary>Checks the answer and its alternatives of one /ask response; returns how many cited a churned document.</summary>
    private static int CheckAnswerOffsets(string body, string who, ConcurrentQueue<string> failures)
    {
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.GetProperty("answer") is not { ValueKind: JsonValueKind.Object } answer)
        {
            return 0;
        }

        var checkedCount = 0;
        var cited = new[] { answer }.Concat(answer.GetProperty("alternatives").EnumerateArray());
        foreach (var sentence in cited)
        {
            var id = sentence.GetProperty("citation").Str("documentId");
            var text = sentence.Str("text");
            var versionToken = VersionToken().Match(text).Value;
            if (!ChurnedIds.Contains(id) || versionToken.Length == 0)
            {
                continue;
            }

            checkedCount++;
            var raw = VersionText(id, int.Parse(versionToken["version".Length..], System.Globalization.CultureInfo.InvariantCulture));
            var (start, end) = (sentence.Int("charStart"), sentence.Int("charEnd"));
            var slice = start >= 0 && end <= raw.Length && start <= end ? raw[start..end] : $"<out of range {start}..{end} of {raw.Length}>";
            if (slice != text)
            {
                failures.Enqueue($"{who}: {id} {versionToken} offsets {start}..{end} slice \"{slice}\", not the answer \"{text}\"");
            }
        }

        return checkedCount;
    }

    /// <summary>Checks one search response; returns how many hits of churned documents it had.</summary>
    private static int CheckConsistent(string body, string mode, string who, ConcurrentQueue<string> failures)
    {
        using var json = JsonDocument.Parse(body);
        var byDocument = json.RootElement.GetProperty("results").EnumerateArray()
            .Select(hit => (Id: hit.GetProperty("citation").Str("documentId"), Text: hit.Str("text"), Paragraph: hit.GetProperty("citation").Int("paragraph")))
            .Where(hit => ChurnedIds.Contains(hit.Id))
            .GroupBy(hit => hit.Id)
            .ToList();
        foreach (var document in byDocument)
        {
            var versions = document.Select(hit => VersionToken().Match(hit.Text).Value).Distinct().ToList();
            if (versions.Count != 1 || versions[0].Length == 0)
            {
                failures.Enqueue($"{who}: {document.Key} mixes versions [{string.Join(", ", versions)}]");
            }

            var count = document.Count();
            var paragraphs = document.Select(hit => hit.Paragraph).Distinct().Count();
            if (count > PassagesPerVersion || paragraphs != count || (mode == "lexical" && count != PassagesPerVersion))
            {
                failures.Enqueue($"{who}: {document.Key} has {count} hits ({paragraphs} distinct paragraphs); a version has {PassagesPerVersion}");
            }
        }

        return byDocument.Sum(d => d.Count());
    }

    /// <summary>
    /// Bounded poll until /documents lists exactly the churned files that exist and a search for the marker returns
    /// each of them whole; returns passages per churned document as the search sees them.
    /// </summary>
    private async Task<Dictionary<string, int>> WaitForCatchUpAsync(HashSet<string> present, string mode)
    {
        var seen = new Dictionary<string, int>();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(100);
            }

            var listed = (await (await service.Http.GetAsync("/documents")).JsonAsync()).EnumerateArray()
                .Select(d => d.Str("documentId")).Where(ChurnedIds.Contains).ToHashSet();
            var hits = (await (await service.Http.GetAsync($"/search?q={Marker}&k=100&mode={mode}")).JsonAsync()).Results().ToList();
            seen = hits.Select(h => h.GetProperty("citation").Str("documentId")).Where(ChurnedIds.Contains)
                .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
            if (listed.SetEquals(present) && seen.Keys.ToHashSet().SetEquals(present) && seen.Values.All(n => n == PassagesPerVersion))
            {
                return seen;
            }
        }

        return seen;
    }

    private string SourcePath(string id) => Path.Combine(service.SeedsPath, id + ".txt");

    /// <summary>Writes version <paramref name="version"/> beside the sources and renames it in, so the worker never reads half a file.</summary>
    private void WriteVersion(string staging, string id, int version)
    {
        var staged = Path.Combine(staging, id + ".txt");
        File.WriteAllText(staged, VersionText(id, version));
        File.Move(staged, SourcePath(id), overwrite: true);
    }

    /// <summary>The text of version <paramref name="version"/> of a churned file; trailing spaces (0-3, by version) shift its raw offsets.</summary>
    private static string VersionText(string id, int version)
    {
        var padding = new string(' ', version % 4);
        var text = new StringBuilder($"Churn article {id[^1]}{padding}\n");
        for (var paragraph = 1; paragraph <= PassagesPerVersion; paragraph++)
        {
            text.Append(
                $"\nThe {Marker} delegation {id[^1]} reported version{version} findings in paragraph {paragraph}, covering trade, investment and climate cooperation with its regional partners.{padding}\n");
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\bversion\d+\b")]
    private static partial Regex VersionToken();
}
