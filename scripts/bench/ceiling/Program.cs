// Kestrel's ceiling on this machine: one GET endpoint returning a fixed JSON body about the size of a seeds search
// response (10 hits with text, snippets, highlights and citations: ~11 KB), serialized per request.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var hits = Enumerable.Range(1, 10).Select(i => new Hit(
    i,
    1.0 / i,
    $"doc-{i}#p{i}",
    string.Concat(Enumerable.Repeat("Viet Nam's bamboo diplomacy keeps firm roots and flexible branches. ", 12)),
    "…bamboo diplomacy keeps firm roots…",
    [new Span(10, 16), new Span(17, 26)])).ToArray();
app.MapGet("/search", () => Results.Json(new Response("bamboo diplomacy", 10, hits), CeilingJson.Default.Response));
app.Run();

internal sealed record Span(int Start, int End);

internal sealed record Hit(int Rank, double Score, string PassageId, string Text, string Snippet, Span[] Highlights);

internal sealed record Response(string Query, long Total, Hit[] Results);

[System.Text.Json.Serialization.JsonSerializable(typeof(Response))]
internal sealed partial class CeilingJson : System.Text.Json.Serialization.JsonSerializerContext;
