using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SearchService.Testing;
using Xunit.Abstractions;

namespace SearchService.IntegrationTests.Relevance;

/// <summary>
/// A generated collection beside the seeds: for each of 8 made-up topics, three articles about it (the topic in the
/// title, its words once in the text) and three keyword-stuffed bulletins (the words repeated, a generic title). BM25
/// favours the stuffing; a judge who reads the passages does not. The learned model is configured but not trained yet.
/// </summary>
public sealed partial class GeneratedCollectionFixture : RunningService
{
    public const string ApiKey = "test-loop-key-0a4d";
    public const int Topics = 8;

    private static readonly string[] Filler =
    [
        "the", "committee", "noted", "that", "several", "members", "reviewed", "figures", "from", "last", "season",
        "and", "agreed", "to", "meet", "again", "after", "a", "short", "break", "with", "new", "reports",
    ];

    public string ModelPath => Path.Combine(RootPath, "ranker.model");

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Admin:ApiKey"] = ApiKey,
        ["Search:Ranker:ModelPath"] = ModelPath,
    };

    protected override IReadOnlyDictionary<string, string> ExtraSources => Generate();

    /// <summary>The topic's four made-up words.</summary>
    public static string[] WordsOf(int topic) => Enumerable.Range(0, 4).Select(w => Word(topic, w)).ToArray();

    /// <summary>Three queries per topic, two of its words each.</summary>
    public static IEnumerable<(int Topic, string Query)> Queries() =>
        Enumerable.Range(0, Topics).SelectMany(t => new[] { (0, 1), (2, 3), (0, 3) }.Select(p => (t, $"{Word(t, p.Item1)} {Word(t, p.Item2)}")));

    /// <summary>The judge's rule, from what the pool shows: a passage of an article about the query's topic is highly relevant.</summary>
    public static int GradeOf(int topic, string documentId) =>
        documentId.Contains(FormattableString.Invariant($"_topic{topic}_article"), StringComparison.Ordinal) ? 2 : 0;

    private static Dictionary<string, string> Generate()
    {
        var random = new Random(20261130);
        var sources = new Dictionary<string, string>();
        for (var t = 0; t < Topics; t++)
        {
            var words = WordsOf(t);
            for (var i = 0; i < 3; i++)
            {
                var article = new StringBuilder($"{Capitalize(words[i % 4])} {words[(i + 1) % 4]} and {words[(i + 2) % 4]} explained\n\n");
                for (var p = 0; p < 2; p++)
                {
                    article.Append(Sentence(random, [words[(i + p) % 4]], 24)).Append("\n\n");
                }

                sources[FormattableString.Invariant($"7{t}{i}_topic{t}_article{i}.txt")] = article.ToString();

                var bulletin = new StringBuilder(FormattableString.Invariant($"Weekly bulletin number {t * 3 + i + 1}\n\n"));
                for (var p = 0; p < 2; p++)
                {
                    bulletin.Append(Sentence(random, [.. words, .. words, .. words], 30)).Append("\n\n");
                }

                sources[FormattableString.Invariant($"8{t}{i}_topic{t}_bulletin{i}.txt")] = bulletin.ToString();
            }
        }

        return sources;
    }

    private static string Sentence(Random random, IReadOnlyList<string> mustContain, int fillerWords)
    {
        var tokens = Enumerable.Range(0, fillerWords).Select(_ => Filler[random.Next(Filler.Length)]).ToList();
        foreach (var word in mustContain)
        {
            tokens.Insert(random.Next(tokens.Count + 1), word);
        }

        return Capitalize(string.Join(' ', tokens)) + ".";
    }

    // Pronounceable, unlike any English or seed word: consonant-vowel syllables picked by topic and word.
    private static string Word(int topic, int word)
    {
        string[] onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"];
        string[] vowels = ["a", "e", "i", "o", "u"];
        var n = topic * 4 + word;
        return onsets[n % 14] + vowels[n % 5] + onsets[(n * 5 + 3) % 14] + vowels[(n / 5 + 2) % 5] + onsets[(n * 3 + 7) % 14] + "ix";
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}

/// <summary>Judge every generated query through the pool, train on the live store, reload, and serve the new model.</summary>
public sealed partial class JudgeTrainReloadTests(GeneratedCollectionFixture service, ITestOutputHelper log) : IClassFixture<GeneratedCollectionFixture>, IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("searchservice-loop-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", GeneratedCollectionFixture.ApiKey);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await service.Http.SendAsync(request);
    }

    private Task<(int Exit, string Output, string Error)> CliAsync(params string[] args) =>
        CliProcess.RunAsync(_temp, new Dictionary<string, string> { ["Search__SeedsPath"] = service.SeedsPath, ["Search__IndexPath"] = service.IndexPath }, args);

    [Fact]
    public async Task Judged_then_trained_beats_lexical_in_cross_validation_and_reload_serves_the_new_model()
    {
        // Before training: no model, learned mode refused.
        using (var before = await service.Http.GetAsync("/search?q=anything&mode=learned"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, before.StatusCode);
        }

        // Judge: every pooled passage of every generated query, by the judge's rule.
        var judged = 0;
        foreach (var (topic, query) in GeneratedCollectionFixture.Queries())
        {
            using var poolResponse = await SendAsync(HttpMethod.Get, $"/judgments/pool?q={Uri.EscapeDataString(query)}&k=10");
            Assert.Equal(HttpStatusCode.OK, poolResponse.StatusCode);
            var pool = (await poolResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray()
                .Select(r => new { query, passageId = r.GetProperty("passageId").GetString(), grade = GeneratedCollectionFixture.GradeOf(topic, r.GetProperty("documentId").GetString()!), judge = "rule" })
                .ToList();
            Assert.Contains(pool, p => p.grade == 2);
            using var post = await SendAsync(HttpMethod.Post, "/judgments", pool);
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            judged += pool.Count;
        }

        // Train on the live store with 4-fold cross-validation, into the model file the service is configured with.
        var (exit, output, error) = await CliAsync("train", "--judgments", "live", "--out", service.ModelPath, "--folds", "4");
        Assert.True(exit == 0, error + output);
        var gain = CrossValidatedGain().Match(output);
        Assert.True(gain.Success, output);
        var lexical = double.Parse(gain.Groups["lexical"].Value, CultureInfo.InvariantCulture);
        var learned = double.Parse(gain.Groups["learned"].Value, CultureInfo.InvariantCulture);
        log.WriteLine($"{judged} judgments; {gain.Value}");
        Assert.True(learned > lexical + 0.05, $"cross-validated nDCG@10: lexical {lexical}, learned {learned} ({judged} judgments)\n{output}");

        // Reload: the trained model is served without a restart.
        using var reload = await SendAsync(HttpMethod.Post, "/admin/ranker/reload");
        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
        var first = await reload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(first.GetProperty("loaded").GetBoolean());
        Assert.Equal(4, first.GetProperty("crossValidation").GetProperty("folds").GetInt32());
        var probe = GeneratedCollectionFixture.Queries().First().Query;
        var servedFirst = await LearnedScoresAsync(probe);

        // Retrain on a third of the judgments only (another model), reload, and the served model changes with it.
        var store = Path.Combine(service.RootPath, "judgments.tsv");
        var third = Path.Combine(_temp, "third.tsv");
        var lines = await File.ReadAllLinesAsync(store);
        var keptQueries = GeneratedCollectionFixture.Queries().Where((_, i) => i % 3 == 0).Select(q => q.Query).ToHashSet();
        await File.WriteAllLinesAsync(third, lines.Where(line => line.StartsWith('#') || keptQueries.Contains(line.Split('\t')[1])));
        var (again, againOutput, againError) = await CliAsync("train", "--judgments", third, "--out", service.ModelPath, "--folds", "0");
        Assert.True(again == 0, againError + againOutput);

        using var secondReload = await SendAsync(HttpMethod.Post, "/admin/ranker/reload");
        var second = await secondReload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, secondReload.StatusCode);
        Assert.NotEqual(first.GetProperty("version").GetString(), second.GetProperty("version").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("crossValidation").ValueKind);
        using var state = await SendAsync(HttpMethod.Get, "/admin/ranker");
        Assert.Equal(second.GetProperty("version").GetString(), (await state.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetString());
        Assert.NotEqual(servedFirst, await LearnedScoresAsync(probe));
    }

    [Fact]
    public async Task A_reload_of_a_broken_model_file_is_a_409_and_keeps_serving_what_was_loaded()
    {
        using var state = await SendAsync(HttpMethod.Get, "/admin/ranker");
        var before = await state.Content.ReadFromJsonAsync<JsonElement>();
        var backup = File.Exists(service.ModelPath) ? await File.ReadAllBytesAsync(service.ModelPath) : null;
        try
        {
            await File.WriteAllTextAsync(service.ModelPath, "not a model");

            using var reload = await SendAsync(HttpMethod.Post, "/admin/ranker/reload");

            Assert.Equal(HttpStatusCode.Conflict, reload.StatusCode);
            Assert.Equal("application/problem+json", reload.Content.Headers.ContentType?.MediaType);
            using var after = await SendAsync(HttpMethod.Get, "/admin/ranker");
            Assert.Equal(before.GetProperty("version").ToString(), (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").ToString());
        }
        finally
        {
            if (backup is null)
            {
                File.Delete(service.ModelPath);
            }
            else
            {
                await File.WriteAllBytesAsync(service.ModelPath, backup);
            }
        }
    }

    private async Task<string> LearnedScoresAsync(string query)
    {
        using var response = await service.Http.GetAsync($"/search?q={Uri.EscapeDataString(query)}&mode=learned&k=10");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray();
        return string.Join(' ', results.Select(r => $"{r.GetProperty("passageId").GetString()}={r.GetProperty("score").GetDouble().ToString("R", CultureInfo.InvariantCulture)}"));
    }

    [GeneratedRegex(@"nDCG@10 lexical (?<lexical>[\d.]+) -> learned (?<learned>[\d.]+)")]
    private static partial Regex CrossValidatedGain();
}
