// One search page shaped like a seeds answer (10 hits of ~1.2 KB text with snippets, highlights and citations, some
// Vietnamese), written to a pipe over and over on one thread: as the API wrote it before (JsonSerializer.SerializeAsync
// with the API's options — the reflection serializer's streaming path behind TypedResults.Ok) and as it writes it now
// (ResponseJsonWriter: source-generated code). Prints process CPU and bytes allocated per page.
//   dotnet run -c Release --project scripts/bench/response-json -- [seconds per measurement, default 5]
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SearchService.Api.ResponseJson;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Retrieval;

var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
ApiJsonOptions.Configure(options);
var writer = new ResponseJsonWriter(options);
var text = string.Concat(Enumerable.Repeat("Viet Nam's bamboo diplomacy keeps firm roots and flexible branches (đổi mới). ", 15));
var hits = Enumerable.Range(1, 10).Select(i => new SearchHit(
    i,
    12.5 / i,
    $"doc-{i}#p{i}",
    text,
    PassageKind.Paragraph,
    "Viet Nam&#39;s <mark>bamboo</mark> <mark>diplomacy</mark> keeps firm roots and flexible branches " + text[..400],
    [new Highlight(11, 17), new Highlight(18, 27), new Highlight(90, 96), new Highlight(97, 106)],
    new Citation(new DocumentMetadata($"doc-{i}", "Ngoại giao cây tre", new DateTime(2016, 12, 19), "Báo Nhân Dân", "https://example.org/a", null, $"0{i}_doc.txt"), i, "Section", 100, 1300, 3, 9))).ToList();
var page = new SearchResponse("bamboo diplomacy", 37, 1.234, hits, SearchMode.Lexical);
var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));

for (var round = 1; round <= 2; round++)
{
    Measure("reflection, streaming (before)", () => JsonSerializer.SerializeAsync(pipe.Writer, page, options).GetAwaiter().GetResult());
    Measure("generated, ResponseJsonWriter (after)", () =>
    {
        writer.Write(pipe.Writer, page, writer.SearchResponse);
        pipe.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
    });
}

void Measure(string name, Action write)
{
    long bytes = 0;
    void Once()
    {
        write();
        pipe.Reader.TryRead(out var read);
        bytes = read.Buffer.Length;
        pipe.Reader.AdvanceTo(read.Buffer.End);
    }

    for (var i = 0; i < 20_000; i++)
    {
        Once(); // warm: tiered JIT
    }

    var clock = Stopwatch.StartNew();
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    long n = 0;
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        Once();
        n++;
    }

    var cpuPer = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / n;
    var allocatedPer = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)n;
    Console.WriteLine(FormattableString.Invariant(
        $"{name,-40} {bytes,7:N0} B of JSON | {clock.Elapsed.TotalMilliseconds * 1000 / n,6:F1} µs wall | {cpuPer,6:F1} µs process CPU | {allocatedPer,6:N0} B allocated"));
}
