using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Grpc.Core;
using Grpc.Net.Client;
using SearchService.Grpc.V1;
using Xunit.Abstractions;
using Xunit.Sdk;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests.Robustness;

/// <summary>
/// Property-based tests (CsCheck) against the real service on Kestrel: whatever a client sends to <c>/search</c>,
/// <c>/ask</c> or the gRPC <c>Search</c>/<c>Ask</c>, the answer is a result or the caller's error (never a 500, never a
/// hang), and a snippet is safe HTML. The seed is random per run; on failure CsCheck shrinks the input and prints the
/// seed: set the environment variable <c>CsCheck_Seed</c> to it to replay exactly that run.
/// </summary>
[Collection(KestrelServiceCollection.Name)]
public sealed class HostileInputPropertyTests(KestrelServiceFixture service, ITestOutputHelper output) : IDisposable
{
    /// <summary>Generous: a hang fails the test instead of blocking CI; a healthy answer takes milliseconds.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Kestrel's request line limit is 8 KB; a URL longer than this may fairly be refused with 414.</summary>
    private const int UrlLengthThatMayBeTooLong = 4_096;

    private const int HttpIterations = 300;
    private const int GrpcIterations = 200;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _outcomes = new(StringComparer.Ordinal);

    private readonly GrpcChannel _channel = service.OpenGrpcChannel();

    public void Dispose() => _channel.Dispose();

    internal enum Route
    {
        SearchGet,
        SearchPost,
        AskGet,
        AskPost,
    }

    /// <summary>One HTTP request: the route, the fields (as text, so invalid ones can be sent), how the body or URL is spelled.</summary>
    internal sealed record HttpCase(Route Route, string? Q, string? K, string? Offset, string? KJson, string? OffsetJson, string? Mode, string? Syntax, bool Wtf8, int BodyShape);

    internal sealed record GrpcCase(bool Ask, string Q, int? K, int? Offset, string Mode, string Syntax);

    private static readonly Gen<HttpCase> HttpCases =
        Gen.Select(
            Gen.Enum<Route>(),
            HostileInput.Query,
            HostileInput.KText,
            HostileInput.OffsetText,
            HostileInput.NumberJson,
            HostileInput.NumberJson,
            HostileInput.Mode,
            HostileInput.Syntax,
            Gen.Bool,
            Gen.Frequency((20, Gen.Const(0)), (1, Gen.Int[1, 5])),
            (route, q, k, offset, kJson, offsetJson, mode, syntax, wtf8, bodyShape) => new HttpCase(route, q, k, offset, kJson, offsetJson, mode, syntax, wtf8, bodyShape));

    private static readonly Gen<GrpcCase> GrpcCases =
        Gen.Select(
            Gen.Frequency((3, Gen.Const(false)), (1, Gen.Const(true))),
            HostileInput.Query,
            HostileInput.GrpcNumber,
            HostileInput.GrpcNumber,
            HostileInput.Mode,
            HostileInput.Syntax,
            (ask, q, k, offset, mode, syntax) => new GrpcCase(ask, HostileInput.ValidUtf16(q ?? ""), k, offset, HostileInput.ValidUtf16(mode ?? ""), syntax ?? ""));

    [Fact]
    public async Task Http_AnyQueryAndParameters_Is200WithSafeSnippetsOr400Problem()
    {
        await HttpCases.SampleAsync(CheckHttpAsync, writeLine: output.WriteLine, iter: HttpIterations, threads: 2, print: Describe);
        output.WriteLine("Outcomes: " + string.Join(", ", _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
    }

    [Fact]
    public async Task Grpc_AnyQueryAndParameters_IsOkWithSafeSnippetsOrInvalidArgument()
    {
        await GrpcCases.SampleAsync(CheckGrpcAsync, writeLine: output.WriteLine, iter: GrpcIterations, threads: 2, print: Describe);
        output.WriteLine("Outcomes: " + string.Join(", ", _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
    }

    public static TheoryData<string> NamedHostileQueries() =>
    [
        new string('(', 10_000),
        new string('(', 999),
        new string('(', 400) + "zebu" + new string(')', 400),
        new string('a', 5_000),
        "zebu " + new string('x', 990),
        "'; DROP TABLE--",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert('zebu')>",
        "AND OR NOT ( ) [ ] { } ~ ^ : \" \\ / * ?",
        "zebu AND (script OR \"bold claims\"~2) NOT title:[a TO z] alert^3 /scr.pt/ sc*pt ?ebu",
        "\ud800zebu\udfff",
        "\0\x01\x1b[31mzebu\x7f",
        "مرحبا zebu \u202Escript\u202C",
        "*:*",
        "*",
        "\\",
        "\"",
    ];

    [Theory]
    [MemberData(nameof(NamedHostileQueries))]
    public async Task NamedHostileQuery_EveryRouteModeAndSyntax_AnswersOr400s(string q)
    {
        foreach (var route in Enum.GetValues<Route>())
        {
            foreach (var mode in new[] { "lexical", "semantic", "hybrid" })
            {
                foreach (var syntax in new[] { "plain", "lucene" })
                {
                    await CheckHttpAsync(new HttpCase(route, q, "10", "0", "10", "0", mode, syntax, Wtf8: q.Length % 2 == 0, BodyShape: 0));
                    await CheckGrpcAsync(new GrpcCase(route is Route.AskGet or Route.AskPost, HostileInput.ValidUtf16(q), 10, 0, mode, syntax));
                }
            }
        }
    }

    /// <summary>Found by the properties above (seed 9qJViEWEA7Y7): Lucene compiles /regexp/ while parsing and threw past the 400 mapping.</summary>
    [Theory]
    [InlineData("/\"/")]
    [InlineData("<svg/onload=alert('zebu')>\"")]
    public async Task LuceneRegexpThatDoesNotCompile_IsTheCallersError(string q)
    {
        foreach (var mode in new[] { "lexical", "semantic", "hybrid" })
        {
            using var response = await service.Http.GetAsync($"/search?syntax=lucene&mode={mode}&q={Uri.EscapeDataString(q)}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var e = await Assert.ThrowsAsync<RpcException>(async () =>
                await new SearchClient(_channel).SearchAsync(new SearchRequest { Q = q, Mode = mode, Syntax = "lucene" }));
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        }
    }

    [Theory]
    [InlineData("lexical")]
    [InlineData("semantic")]
    [InlineData("hybrid")]
    public async Task MarkupPassage_SnippetIsEscapedInEveryMode(string mode)
    {
        foreach (var q in new[] { "zebu script alert", "<script>alert('zebu')</script>", "bold quoted claims", "b script" })
        {
            using var response = await service.Http.GetAsync($"/search?k=100&mode={mode}&q={Uri.EscapeDataString(q)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var hits = (await response.JsonAsync()).Results().ToList();
            foreach (var hit in hits)
            {
                HostileInput.AssertSafeSnippet(hit.Str("snippet"), $"{mode} '{q}'");
            }

            var markup = hits.Where(h => h.GetProperty("citation").Str("documentId") == "900_markup").ToList();
            if (mode != "semantic" || markup.Count > 0)
            {
                var hit = Assert.Single(markup);
                Assert.Contains("<script>", hit.Str("text"), StringComparison.Ordinal);
                Assert.Contains("&lt;script&gt;", hit.Str("snippet").Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal), StringComparison.Ordinal);
            }

            var grpc = await new SearchClient(_channel).SearchAsync(new SearchRequest { Q = q, K = 100, Mode = mode }, deadline: DateTime.UtcNow.Add(RequestTimeout));
            Assert.All(grpc.Results, hit => HostileInput.AssertSafeSnippet(hit.Snippet, $"gRPC {mode} '{q}'"));
        }
    }

    private async Task CheckHttpAsync(HttpCase c)
    {
        using var request = BuildRequest(c, out var urlLength);
        using var timeout = new CancellationTokenSource(RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await service.Http.SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new XunitException($"No answer within {RequestTimeout.TotalSeconds} s to {Describe(c)}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            _outcomes.AddOrUpdate($"{c.Route} {status}", 1, (_, n) => n + 1);
            if (status == 414 && urlLength > UrlLengthThatMayBeTooLong)
            {
                return;
            }

            if (status == 200)
            {
                Assert.Equal("application/json", mediaType);
                using var json = JsonDocument.Parse(body);
                var list = c.Route is Route.AskGet or Route.AskPost ? "passages" : "results";
                foreach (var hit in json.RootElement.GetProperty(list).EnumerateArray())
                {
                    var snippet = hit.Str("snippet");
                    HostileInput.AssertSafeSnippet(snippet, Describe(c));
                    if (hit.Str("text").Contains('<'))
                    {
                        Assert.Contains("&lt;", snippet, StringComparison.Ordinal);
                    }
                }

                return;
            }

            if (status == 400)
            {
                Assert.Equal("application/problem+json", mediaType);
                using var problem = JsonDocument.Parse(body);
                Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
                Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
                return;
            }

            throw new XunitException($"HTTP {status} ({mediaType}) for {Describe(c)}: {Shorten(body)}");
        }
    }

    private async Task CheckGrpcAsync(GrpcCase c)
    {
        var client = new SearchClient(_channel);
        var deadline = DateTime.UtcNow.Add(RequestTimeout);
        try
        {
            if (c.Ask)
            {
                var request = new AskRequest { Q = c.Q, Mode = c.Mode };
                if (c.K is { } k)
                {
                    request.K = k;
                }

                var response = await client.AskAsync(request, deadline: deadline);
                _outcomes.AddOrUpdate("Ask OK", 1, (_, n) => n + 1);
                Assert.All(response.Passages, hit => HostileInput.AssertSafeSnippet(hit.Snippet, Describe(c)));
            }
            else
            {
                var request = new SearchRequest { Q = c.Q, Mode = c.Mode, Syntax = c.Syntax };
                if (c.K is { } k)
                {
                    request.K = k;
                }

                if (c.Offset is { } offset)
                {
                    request.Offset = offset;
                }

                var response = await client.SearchAsync(request, deadline: deadline);
                _outcomes.AddOrUpdate(response.Results.Count > 0 ? "Search OK with hits" : "Search OK without hits", 1, (_, n) => n + 1);
                Assert.All(response.Results, hit => HostileInput.AssertSafeSnippet(hit.Snippet, Describe(c)));
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument && !string.IsNullOrWhiteSpace(e.Status.Detail))
        {
            _outcomes.AddOrUpdate((c.Ask ? "Ask" : "Search") + " InvalidArgument", 1, (_, n) => n + 1);
        }
        catch (RpcException e)
        {
            throw new XunitException($"gRPC {e.StatusCode} for {Describe(c)}: {Shorten(e.Status.Detail)}");
        }
    }

    private static HttpRequestMessage BuildRequest(HttpCase c, out int urlLength)
    {
        var isSearch = c.Route is Route.SearchGet or Route.SearchPost;
        var path = isSearch ? "/search" : "/ask";
        if (c.Route is Route.SearchGet or Route.AskGet)
        {
            var query = new List<string>();
            Add("q", c.Q);
            Add("k", c.K);
            Add("mode", c.Mode);
            if (isSearch)
            {
                Add("offset", c.Offset);
                Add("syntax", c.Syntax);
            }

            var url = query.Count == 0 ? path : path + "?" + string.Join('&', query);
            urlLength = url.Length;
            return new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));

            void Add(string name, string? value)
            {
                if (value is not null)
                {
                    query.Add(name + "=" + HostileInput.PercentEncode(value, c.Wtf8));
                }
            }
        }

        urlLength = path.Length;
        var fields = new List<string>();
        if (c.Q is not null)
        {
            fields.Add("\"q\":" + HostileInput.JsonString(c.Q));
        }

        if (c.KJson is not null)
        {
            fields.Add("\"k\":" + c.KJson);
        }

        if (c.Mode is not null)
        {
            fields.Add("\"mode\":" + HostileInput.JsonString(c.Mode));
        }

        if (isSearch)
        {
            if (c.OffsetJson is not null)
            {
                fields.Add("\"offset\":" + c.OffsetJson);
            }

            if (c.Syntax is not null)
            {
                fields.Add("\"syntax\":" + HostileInput.JsonString(c.Syntax));
            }
        }

        var json = "{" + string.Join(',', fields) + "}";
        var body = c.BodyShape switch
        {
            1 => json[..(json.Length / 2)],
            2 => "[" + json + "]",
            3 => "null",
            4 => "",
            5 => json + json,
            _ => json,
        };
        return new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
    }

    private static string Describe(HttpCase c) =>
        $"{c.Route} q={HostileInput.Show(c.Q)} k={c.K ?? "-"}/{c.KJson ?? "-"} offset={c.Offset ?? "-"}/{c.OffsetJson ?? "-"} mode={HostileInput.Show(c.Mode)} syntax={HostileInput.Show(c.Syntax)} wtf8={c.Wtf8} body={c.BodyShape}";

    private static string Describe(GrpcCase c) =>
        $"{(c.Ask ? "Ask" : "Search")} q={HostileInput.Show(c.Q)} k={c.K?.ToString() ?? "-"} offset={c.Offset?.ToString() ?? "-"} mode={HostileInput.Show(c.Mode)} syntax={HostileInput.Show(c.Syntax)}";
    private static string Shorten(string text) => text.Length > 600 ? text[..600] + "…" : text;
}
