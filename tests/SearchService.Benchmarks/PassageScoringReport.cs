using SearchService.Engine;
using SearchService.Engine.Answers;
using SearchService.Engine.Embeddings.Encoder;
using SearchService.Engine.Judgments;
using SearchService.Evaluation;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>-- passage-scoring [DIR] [--model M]</c>: does a long or multi-topic passage score better by its best
/// sentence (or window of two sentences) than by one vector? Encodes each passage, each of its sentences and each
/// two-sentence window exactly as the index encodes passages (title and section prefixed), and prints the
/// encoder-alone nDCG@10 / R@100 of every way of turning those cosines into one passage score. The dev set over the
/// seeds when DIR is omitted, else a BEIR folder. Vectors go through the eval cache, so re-runs are quick.
/// </summary>
internal static class PassageScoringReport
{
    private static readonly string[] Scorings = ["passage", "best sentence", "best 64-word window", "max(passage, best sentence)", "mean(passage, best sentence)"];

    public static int Run(string[] args)
    {
        var folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        var modelIndex = Array.IndexOf(args, "--model");
        var options = new EncoderOptions { Model = modelIndex >= 0 ? args[modelIndex + 1] : EncoderOptions.MiniLm };
        using var encoder = SentenceEncoder.Load(options);
        var subject = folder is null
            ? EvaluationSubject.FromDevSet(DevSet.Load(DevSet.DefaultPath(SearchPaths.FindRepositoryRoot(AppContext.BaseDirectory)!)), SearchPaths.Resolve(new SearchOptions().SeedsPath))
            : EvaluationSubject.FromBeir(BeirDataset.Load(folder, "test"), Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)));

        var passages = subject.Documents()
            .SelectMany(d => d.Document.Passages.Select(p => new ScoredPassage(
                subject.Name == "dev" ? p.PassageId : d.Document.Metadata.DocumentId,
                EncoderText.OfPassage(d.Document.Metadata.Title, p.Section, p.Text),
                Pieces(d.Document.Metadata.Title, p.Section, p.Text, 1),
                WordWindows(d.Document.Metadata.Title, p.Section, p.Text))))
            .ToList();
        var vectors = Embed(encoder, passages.SelectMany(p => p.Sentences.Concat(p.Windows).Append(p.Text)).Distinct().ToList());
        Console.WriteLine(FormattableString.Invariant(
            $"{subject.Name}: {passages.Count} passages, {passages.Sum(p => p.Sentences.Count)} sentences ({passages.Count(p => p.Sentences.Count > 1)} passages with more than one), model {encoder.Name}"));

        var ndcg = new double[Scorings.Length];
        var recall = new double[Scorings.Length];
        foreach (var query in subject.Queries)
        {
            var q = encoder.EmbedQuery(query.Text);
            var scores = passages.Select(p => Scores(p, q, vectors)).ToList();
            for (var s = 0; s < Scorings.Length; s++)
            {
                var ranking = scores
                    .Select((score, i) => new RankedDoc(passages[i].Id, score[s]))
                    .GroupBy(r => r.DocId).Select(g => g.MaxBy(r => r.Score)!)
                    .OrderByDescending(r => r.Score).Take(100).ToList();
                ndcg[s] += RetrievalMetrics.NdcgAt(ranking, subject.Qrels.For(query.Id), 10);
                recall[s] += RetrievalMetrics.RecallAt(ranking, subject.Qrels.For(query.Id), 100);
            }
        }

        for (var s = 0; s < Scorings.Length; s++)
        {
            Console.WriteLine(FormattableString.Invariant($"{Scorings[s],-30} nDCG@10 {ndcg[s] / subject.Queries.Count:F3}  R@100 {recall[s] / subject.Queries.Count:F3}"));
        }

        return 0;
    }

    private sealed record ScoredPassage(string Id, string Text, IReadOnlyList<string> Sentences, IReadOnlyList<string> Windows);

    // Sentences (or runs of `width` consecutive sentences) with the same title/section prefix the passage gets.
    private static List<string> Pieces(string? title, string? section, string text, int width)
    {
        var spans = SentenceSplitter.Split(text);
        if (spans.Count == 0)
        {
            return [EncoderText.OfPassage(title, section, text)];
        }

        var count = Math.Max(1, spans.Count - width + 1);
        return Enumerable.Range(0, count)
            .Select(i => text[spans[i].Start..spans[Math.Min(spans.Count - 1, i + width - 1)].End])
            .Select(piece => EncoderText.OfPassage(title, section, piece))
            .ToList();
    }

    // Windows of 64 words, overlapping by half: unlike sentences, these exist in lower-cased collections too.
    private static List<string> WordWindows(string? title, string? section, string text)
    {
        const int Width = 64;
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return Enumerable.Range(0, Math.Max(1, (words.Length - Width + (Width / 2) - 1) / (Width / 2) + 1))
            .Select(i => string.Join(' ', words.Skip(i * (Width / 2)).Take(Width)))
            .Where(window => window.Length > 0)
            .DefaultIfEmpty(text)
            .Select(window => EncoderText.OfPassage(title, section, window))
            .ToList();
    }

    private static double[] Scores(ScoredPassage passage, float[] query, Dictionary<string, float[]> vectors)
    {
        var whole = Cosine(query, vectors[passage.Text]);
        var sentence = passage.Sentences.Max(s => Cosine(query, vectors[s]));
        var window = passage.Windows.Max(s => Cosine(query, vectors[s]));
        return [whole, sentence, window, Math.Max(whole, sentence), (whole + sentence) / 2];
    }

    private static double Cosine(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot<float>(a, b);

    private static Dictionary<string, float[]> Embed(SentenceEncoder encoder, List<string> texts)
    {
        var cache = EmbeddingCache.For(
            Environment.GetEnvironmentVariable(EncoderOptions.CacheFolderVariable) ?? Path.Combine(Path.GetTempPath(), "searchservice-embedding-cache"), encoder);
        var vectors = new Dictionary<string, float[]>();
        var missing = new List<string>();
        foreach (var text in texts)
        {
            if (cache is not null && cache.TryGet(EncodedSet.HashOf(text), out var cached))
            {
                vectors[text] = cached;
            }
            else
            {
                missing.Add(text);
            }
        }

        var encoded = encoder.EmbedPassages(missing);
        for (var i = 0; i < missing.Count; i++)
        {
            vectors[missing[i]] = encoded.Row(i).ToArray();
        }

        cache?.Add(missing.Select((t, i) => (EncodedSet.HashOf(t), vectors[t])).ToList());
        return vectors;
    }
}
