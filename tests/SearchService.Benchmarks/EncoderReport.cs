using System.Diagnostics;
using SearchService.Engine;
using SearchService.Engine.Embeddings.Encoder;
using SearchService.Engine.Judgments;
using SearchService.Evaluation;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>-- encoder [DIR] [--model M] [--max-tokens N] [--batch N] [--limit N]</c>: encodes a corpus (a BEIR folder, or the seeds
/// when DIR is omitted) exactly as the index does, and prints passages/s, word pieces per passage, query-embedding
/// p50/p99 and, for a BEIR folder, the encoder-alone nDCG@10 / R@100 (exact top-100 by cosine). The vectors are
/// added to the eval cache folder, so a later <c>eval</c> of the same collection does not encode them again.
/// </summary>
internal static class EncoderReport
{
    public static int Run(string[] args)
    {
        var folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && Array.IndexOf(args, a) is var i && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal)));
        var options = new EncoderOptions
        {
            Model = Value(args, "--model") ?? EncoderOptions.MiniLm,
            MaxTokens = int.Parse(Value(args, "--max-tokens") ?? "256", System.Globalization.CultureInfo.InvariantCulture),
            BatchSize = int.Parse(Value(args, "--batch") ?? "16", System.Globalization.CultureInfo.InvariantCulture),
        };
        var clock = Stopwatch.StartNew();
        using var encoder = SentenceEncoder.Load(options);
        Console.WriteLine($"model {encoder.Fingerprint}: loaded in {clock.ElapsedMilliseconds} ms, {Environment.ProcessorCount} threads");

        var settings = new SearchOptions();
        var subject = folder is null
            ? EvaluationSubject.FromDevSet(DevSet.Load(DevSet.DefaultPath(SearchPaths.FindRepositoryRoot(AppContext.BaseDirectory)!)), SearchPaths.Resolve(settings.SeedsPath))
            : EvaluationSubject.FromBeir(BeirDataset.Load(folder, "test"), Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)));
        var passages = subject.Documents()
            .SelectMany(d => d.Document.Passages.Select(p => (p.PassageId, d.Document.Metadata.DocumentId, Text: EncoderText.OfPassage(d.Document.Metadata.Title, p.Section, p.Text))))
            .Take(int.Parse(Value(args, "--limit") ?? int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        var tokens = passages.Select(p => encoder.Tokenize(p.Text).Length).ToList();

        clock.Restart();
        var vectors = encoder.EmbedPassages(passages.Select(p => p.Text).ToList());
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant(
            $"{subject.Name}: {passages.Count} passages, {tokens.Average():F0} word pieces on average ({tokens.Count(t => t >= options.MaxTokens)} cut at {options.MaxTokens}), encoded in {seconds:F1} s = {passages.Count / seconds:F1} passages/s"));
        EmbeddingCache.For(EncoderCliOptionsDefaultCache(), encoder)?.Add(passages.Select((p, i) => (EncodedSet.HashOf(p.Text), vectors.Row(i).ToArray())).ToList());

        var latencies = new List<double>();
        foreach (var query in subject.Queries.Take(200))
        {
            clock.Restart();
            encoder.EmbedQuery(query.Text);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        latencies.Sort();
        Console.WriteLine(FormattableString.Invariant($"query embedding over {latencies.Count} queries: p50 {latencies[latencies.Count / 2]:F1} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F1} ms"));

        if (passages.Count < subject.Documents().Sum(d => d.Document.Passages.Count))
        {
            return 0; // a sample (--limit) measures speed only: ranking a part of the corpus means nothing
        }

        var ndcg = 0.0;
        var recall = 0.0;
        var top = new (int Row, float Score)[100];
        foreach (var query in subject.Queries)
        {
            var count = vectors.TopK(encoder.EmbedQuery(query.Text), 100, top);
            var ranking = top.Take(count).Select(t => new RankedDoc(subject.Name == "dev" ? passages[t.Row].PassageId : passages[t.Row].DocumentId, t.Score)).ToList();
            ndcg += RetrievalMetrics.NdcgAt(ranking, subject.Qrels.For(query.Id), 10);
            recall += RetrievalMetrics.RecallAt(ranking, subject.Qrels.For(query.Id), 100);
        }

        Console.WriteLine(FormattableString.Invariant($"encoder alone over {subject.Queries.Count} queries: nDCG@10 {ndcg / subject.Queries.Count:F3}, R@100 {recall / subject.Queries.Count:F3}"));
        return 0;
    }

    // The folder eval uses by default (src/SearchService/Cli/EncoderCliOptions.cs), so its next run reuses these vectors.
    private static string EncoderCliOptionsDefaultCache() =>
        Environment.GetEnvironmentVariable(EncoderOptions.CacheFolderVariable) ?? Path.Combine(Path.GetTempPath(), "searchservice-embedding-cache");

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
