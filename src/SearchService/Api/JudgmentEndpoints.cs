using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SearchService.Engine;
using SearchService.Engine.Judgments;
using SearchService.Engine.Retrieval;

namespace SearchService.Api;

/// <summary>
/// Relevance judgments over HTTP, behind the admin key (absent, like /admin, when no key is configured):
/// <c>POST /judgments</c> records grades, <c>GET /judgments</c> lists or exports them, <c>GET /judgments/pool</c>
/// gives the blind pool the judging page shows. The store is <c>judgments.tsv</c> beside the index folder
/// (<c>Search:Judgments:Path</c> overrides).
/// </summary>
public static class JudgmentEndpoints
{
    public const int MaxBatch = 1000;
    public const int MaxJudgeLength = 100;
    public const int MaxPassageIdLength = 300;
    public const int DefaultPoolDepth = 10;
    public const int MaxPoolDepth = 50;

    private static readonly SearchMode[] PooledModes = [SearchMode.Lexical, SearchMode.Semantic, SearchMode.Hybrid, SearchMode.Learned];

    /// <param name="searchPolicy">The rate-limiter policy of search-type work, which the pool is (it runs every mode).</param>
    public static IEndpointRouteBuilder MapJudgmentEndpoints(this IEndpointRouteBuilder app, string searchPolicy)
    {
        var admin = app.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value;
        if (!admin.Enabled)
        {
            return app;
        }

        var store = new JudgmentStore(StorePath(app.ServiceProvider));
        var group = app.MapGroup("/judgments")
            .WithTags("Judgments")
            .AddEndpointFilter(new ApiKeyFilter(admin.ApiKey!))
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("/", (HttpRequest request, DocumentCatalog catalog, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
                RecordAsync(store, request, catalog, json.Value, cancellationToken))
            .WithName("RecordJudgments")
            .WithSummary("Records relevance judgments: a JSON list of {query, passageId, grade 0-2, judge}. Needs the X-Api-Key header.")
            .Accepts<JudgmentInput[]>("application/json");

        group.MapGet("/", (string? format, DocumentCatalog catalog) => Export(store, format, catalog))
            .WithName("ExportJudgments")
            .WithSummary("format=json (default): every recorded judgment with a stale flag; format=trec: TREC qrels; format=beir: a zip of queries.jsonl and qrels/test.tsv. Exports hold the latest non-stale grade per query and passage. Needs the X-Api-Key header.");

        group.MapGet("/pool", (string? q, string? k, SearchEngine engine, CancellationToken cancellationToken) => Pool(store, q, k, engine, cancellationToken))
            .RequireRateLimiting(searchPolicy)
            .WithName("JudgmentPool")
            .WithSummary("A query's top passages from every available mode, de-duplicated and shuffled (seeded by the query) with the mode hidden, and any current grade. Needs the X-Api-Key header.");
        return app;
    }

    /// <summary>Where the service keeps judgments: <c>Search:Judgments:Path</c>, or judgments.tsv beside the index folder.</summary>
    public static string StorePath(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IConfiguration>()["Search:Judgments:Path"];
        return string.IsNullOrWhiteSpace(configured)
            ? JudgmentStore.BesideIndex(SearchPaths.Resolve(services.GetRequiredService<IOptions<SearchOptions>>().Value.IndexPath))
            : SearchPaths.Resolve(configured);
    }

    private static async Task<Results<Ok<RecordedJudgments>, ValidationProblem>> RecordAsync(
        JudgmentStore store, HttpRequest request, DocumentCatalog catalog, JsonOptions json, CancellationToken cancellationToken)
    {
        var (body, bodyErrors) = await JsonBody.ReadListAsync<JudgmentInput>(
            request, json.SerializerOptions, JudgmentInput.FieldNames,
            "[{\"query\": \"doi moi\", \"passageId\": \"003_37e75ead3a9a6882#6\", \"grade\": 2, \"judge\": \"ana\"}]",
            "query, passageId and judge", "grade", cancellationToken);
        if (body is null)
        {
            return TypedResults.ValidationProblem(bodyErrors!, title: "Invalid judgments");
        }

        var errors = Validate(body);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid judgments");
        }

        var current = CurrentPassages.Hashes(catalog, body.Select(j => j.PassageId!));
        for (var i = 0; i < body.Length; i++)
        {
            if (!current.ContainsKey(body[i].PassageId!))
            {
                errors[$"[{i}].passageId"] = [$"No indexed passage has the id '{Shorten(body[i].PassageId!)}'."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid judgments");
        }

        var now = DateTimeOffset.UtcNow;
        var judgments = body
            .Select(j => new Judgment(now, j.Query!.Trim(), j.PassageId!, current[j.PassageId!], j.Grade!.Value, string.IsNullOrWhiteSpace(j.Judge) ? "anonymous" : j.Judge.Trim()))
            .ToList();
        await store.AppendAsync(judgments, cancellationToken);
        return TypedResults.Ok(new RecordedJudgments(judgments.Count, judgments.Select(j => new RecordedJudgment(j.QueryId, j.PassageId, j.ContentHash, j.Grade)).ToList()));
    }

    private static Dictionary<string, string[]> Validate(JudgmentInput[] body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.Length is 0 or > MaxBatch)
        {
            errors["body"] = [$"Send between 1 and {MaxBatch} judgments per request."];
            return errors;
        }

        for (var i = 0; i < body.Length; i++)
        {
            var j = body[i];
            if (j is null)
            {
                errors[$"[{i}]"] = ["Each judgment is an object {query, passageId, grade, judge}."];
                continue;
            }

            if (string.IsNullOrWhiteSpace(j.Query) || j.Query.Length > SearchRequestValidator.MaxQueryLength)
            {
                errors[$"[{i}].query"] = [$"The query text is required, at most {SearchRequestValidator.MaxQueryLength} characters."];
            }

            if (string.IsNullOrWhiteSpace(j.PassageId) || j.PassageId.Length > MaxPassageIdLength)
            {
                errors[$"[{i}].passageId"] = ["The passage id (passageId of a search result) is required."];
            }

            if (j.Grade is not (>= 0 and <= Judgment.MaxGrade))
            {
                errors[$"[{i}].grade"] = ["The grade is 0 (not relevant), 1 (relevant) or 2 (highly relevant)."];
            }

            if (j.Judge is { Length: > MaxJudgeLength })
            {
                errors[$"[{i}].judge"] = [$"The judge's name is at most {MaxJudgeLength} characters."];
            }
        }

        return errors;
    }

    private static IResult Export(JudgmentStore store, string? format, DocumentCatalog catalog)
    {
        var all = store.ReadAll();
        var states = JudgedQueries.States(all, CurrentPassages.Hashes(catalog, all.Select(j => j.PassageId)));
        switch ((format ?? "json").ToLowerInvariant())
        {
            case "json":
                return TypedResults.Ok(new JudgmentList(
                    states.Count,
                    states.Count(s => s.Stale),
                    states.Select(s => new JudgmentView(s.Judgment.Time, s.Judgment.Query, s.Judgment.QueryId, s.Judgment.PassageId, s.Judgment.ContentHash, s.Judgment.Grade, s.Judgment.Judge, s.Stale)).ToList()));
            case "trec":
                return TypedResults.Text(JudgedQueries.From(states).ToTrecQrels(), "text/plain", Encoding.UTF8);
            case "beir":
                var zip = new MemoryStream();
                JudgedQueries.From(states).WriteBeirZip(zip);
                return TypedResults.File(zip.ToArray(), "application/zip", "judgments-beir.zip");
            default:
                return Invalid("format", "Use format=json, trec or beir.");
        }
    }

    private static Results<Ok<JudgmentPool>, ValidationProblem> Pool(JudgmentStore store, string? q, string? k, SearchEngine engine, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var depth = ParseDepth(k, errors) ?? DefaultPoolDepth;
        if (string.IsNullOrWhiteSpace(q) || q.Length > SearchRequestValidator.MaxQueryLength)
        {
            errors["q"] = [$"The query is required, at most {SearchRequestValidator.MaxQueryLength} characters."];
        }

        if (depth is < 1 or > MaxPoolDepth)
        {
            errors["k"] = [$"k is the depth taken from each mode, 1 to {MaxPoolDepth}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid pool request");
        }

        var query = q!.Trim();
        var pooled = new Dictionary<string, SearchHit>(StringComparer.Ordinal);
        var modes = new List<string>();
        foreach (var mode in PooledModes)
        {
            try
            {
                var hits = engine.Search(new SearchRequest(query, depth, 0, mode), cancellationToken).Results;
                modes.Add(mode.ToString().ToLowerInvariant());
                foreach (var hit in hits)
                {
                    pooled.TryAdd(hit.PassageId, hit);
                }
            }
            catch (Exception ex) when (ex is InvalidQueryException or SemanticUnavailableException or VectorsIncompleteException)
            {
                // A mode that cannot answer now (no learned model, vectors still building) adds nothing to the pool.
            }
        }

        // The current grade of each pooled passage for this query, unless its text changed since it was judged.
        var graded = JudgmentStore.Latest(store.ReadAll().Where(j => j.Query == query)).ToDictionary(j => j.PassageId, StringComparer.Ordinal);
        var items = pooled.Values
            .OrderBy(h => h.PassageId, StringComparer.Ordinal)
            .Select(h => new PooledPassage(
                h.PassageId, h.Text, h.Citation.Title, h.Citation.DocumentId,
                graded.TryGetValue(h.PassageId, out var j) && j.ContentHash == PassageHash.Of(h.Text) ? j.Grade : null))
            .ToArray();
        Shuffle(items, SeedOf(query));
        return TypedResults.Ok(new JudgmentPool(query, Judgment.QueryIdOf(query), modes, items));
    }

    /// <summary>Fisher-Yates with a generator seeded by the query: the same query always shows the same order (blind, but reproducible).</summary>
    private static void Shuffle<T>(T[] items, int seed)
    {
        var random = new Random(seed);
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static int SeedOf(string query) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(query)), 0);

    private static int? ParseDepth(string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var depth))
        {
            return depth;
        }

        errors["k"] = [$"'k' must be a whole number; it was '{Shorten(value)}'."];
        return null;
    }

    private static ValidationProblem Invalid(string name, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [message] }, title: "Invalid judgments request");

    private static string Shorten(string text) => text.Length > 100 ? text[..100] + "…" : text;
}

/// <summary>One judgment as a client sends it. The content hash and time are the server's.</summary>
public sealed record JudgmentInput(string? Query, string? PassageId, int? Grade, string? Judge)
{
    /// <summary>The JSON names a judgment may carry; any other field is refused.</summary>
    public static readonly IReadOnlyList<string> FieldNames = ["query", "passageId", "grade", "judge"];
}

public sealed record RecordedJudgment(string QueryId, string PassageId, string ContentHash, int Grade);

public sealed record RecordedJudgments(int Recorded, IReadOnlyList<RecordedJudgment> Judgments);

public sealed record JudgmentView(DateTimeOffset Time, string Query, string QueryId, string PassageId, string ContentHash, int Grade, string Judge, bool Stale);

/// <summary>Every recorded judgment, oldest first; <c>stale</c> ones need re-judging (their passage changed or is gone).</summary>
public sealed record JudgmentList(int Count, int Stale, IReadOnlyList<JudgmentView> Judgments);

/// <summary>A pooled passage, with no trace of the mode or rank that brought it.</summary>
public sealed record PooledPassage(string PassageId, string Text, string Title, string DocumentId, int? Grade);

public sealed record JudgmentPool(string Query, string QueryId, IReadOnlyList<string> Modes, IReadOnlyList<PooledPassage> Results);

/// <summary>The current content hash of indexed passages, read from the index by document.</summary>
internal static class CurrentPassages
{
    public static Dictionary<string, string> Hashes(DocumentCatalog catalog, IEnumerable<string> passageIds)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var documentId in passageIds.Select(DocumentIdOf).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            foreach (var passage in catalog.Get(documentId)?.Passages ?? [])
            {
                hashes[passage.PassageId] = PassageHash.Of(passage.Text);
            }
        }

        return hashes;
    }

    // Passage ids are "<document id>#<ordinal>".
    private static string? DocumentIdOf(string passageId)
    {
        var hash = passageId.LastIndexOf('#');
        return hash > 0 ? passageId[..hash] : null;
    }
}
