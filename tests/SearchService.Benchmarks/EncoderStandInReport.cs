using System.Text;
using SearchService.Engine.Embeddings.Encoder;
using SearchService.Engine.Ingestion;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>-- encoder-standin SOURCES OUT-CACHE [REAL-CACHE]</c>: fills an embedding cache folder with a vector for every
/// passage of the article files in SOURCES, keyed exactly as the service keys them, so a service started with
/// <c>Search:Embeddings:CacheFolder=OUT-CACHE</c> has complete encoder vectors without running the model over the
/// corpus. It exists to measure <b>query latency per mode at a corpus size the model cannot encode in a session</b>
/// (100k passages take ~1.5 h of both cores): a passage whose text the real cache (REAL-CACHE, default the eval cache)
/// already holds gets its real vector; every other passage gets a real MiniLM vector of another text from that cache
/// (round robin) plus seeded Gaussian noise (σ = 0.02 per dimension), L2-normalised, so the set has the clustered shape
/// of real sentence embeddings for the nearest-neighbour graph. Relevance measured on such a set means nothing;
/// latency, memory and graph build/load times do.
/// </summary>
internal static class EncoderStandInReport
{
    private const float NoiseSigma = 0.02f;
    private const int Seed = 20_261_130;
    private const int ChunkSize = 10_000;

    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: encoder-standin SOURCES OUT-CACHE [REAL-CACHE]");
            return 2;
        }

        var realRoot = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "searchservice-embedding-cache");
        using var encoder = SentenceEncoder.Load(new EncoderOptions { Model = EncoderOptions.MiniLm });
        var realCache = EmbeddingCache.For(realRoot, encoder)!;
        realCache.Refresh();
        var donors = realCache.Entries.ToDictionary();
        if (donors.Count == 0)
        {
            Console.Error.WriteLine($"No real {encoder.Fingerprint} vectors under {realRoot}: run an eval with the encoder first.");
            return 1;
        }

        var donorList = donors.OrderBy(d => d.Key).Select(d => d.Value).ToList(); // by hash: the same assignment every run
        var texts = PassageTexts(args[0]);
        var random = new Random(Seed);
        var cache = EmbeddingCache.For(args[1], encoder)!;
        var real = 0;
        var chunk = new List<(UInt128, float[])>(ChunkSize);
        for (var i = 0; i < texts.Count; i++)
        {
            var hash = EncodedSet.HashOf(texts[i]);
            if (donors.TryGetValue(hash, out var vector))
            {
                real++;
            }
            else
            {
                vector = Perturbed(donorList[i % donorList.Count], random);
            }

            chunk.Add((hash, vector));
            if (chunk.Count == ChunkSize)
            {
                cache.Add(chunk);
                chunk = new List<(UInt128, float[])>(ChunkSize);
            }
        }

        cache.Add(chunk);
        Console.WriteLine($"{texts.Count} passages: {real} real vectors, {texts.Count - real} stand-ins from {donorList.Count} real vectors of other texts; cache {args[1]}");
        return 0;
    }

    /// <summary>The text the service encodes for each passage (EncoderVectors.PendingPassage), parsed as the worker parses.</summary>
    private static List<string> PassageTexts(string sources)
    {
        var parser = new ArticleParser();
        return Directory.EnumerateFiles(sources, "*.txt")
            .Order(StringComparer.Ordinal)
            .SelectMany(path =>
            {
                var fileName = Path.GetFileName(path);
                var document = parser.Parse(ArticleParser.DocumentIdFromPath(fileName), fileName, File.ReadAllText(path, Encoding.UTF8));
                return document.Passages.Select(p => EncoderText.OfPassage(document.Metadata.Title, p.Section, p.Text));
            })
            .ToList();
    }

    private static float[] Perturbed(float[] donor, Random random)
    {
        var vector = new float[donor.Length];
        var norm = 0.0;
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] = donor[d] + (NoiseSigma * (float)Gaussian(random));
            norm += vector[d] * vector[d];
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] *= scale;
        }

        return vector;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
