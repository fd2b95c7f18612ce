using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using SearchService.Engine.Embeddings;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>-- memory [passages]</c>: builds the synthetic index (lexical + vectors) once in this process and prints what the
/// vectors cost: the matrix in memory, the model and vector files on disk, the process working set and managed heap.
/// Then breaks the vector build into its steps (analysis, featurization, PCA fit, embedding) with a stopwatch.
/// </summary>
public static class MemoryReport
{
    public static int Run(int passages)
    {
        var options = BenchIndex.DefaultOptions();
        var clock = Stopwatch.StartNew();
        var corpus = Corpus.Synthetic(passages);
        Line("corpus", $"{corpus.Passages:N0} passages in {corpus.Documents.Count:N0} documents, generated in {clock.Elapsed.TotalSeconds:F1} s");
        Snapshot("baseline (corpus in memory)");

        clock.Restart();
        var path = BenchIndex.TemporaryPath("memory");
        using (var lexical = BenchIndex.BuildAt(path, corpus, options, vectors: false))
        {
            Line("lexical build", Rate(corpus.Passages, clock.Elapsed));
            Line("lexical index on disk", Mb(lexical.SizeOnDiskBytes()));
            PrintFileKinds(path);
        }

        BenchIndex.DeleteQuietly(path);
        Snapshot("after lexical build (index disposed)");

        // Built into the benchmark cache, so the query benchmarks that follow reuse this very index.
        clock.Restart();
        var cached = BenchIndex.OpenCached(corpus.Name, () => corpus, options, rebuild: true);
        Line("lexical + vector build", Rate(corpus.Passages, clock.Elapsed));
        Line("index folder (cached for QueryBenchmarks)", cached.Path);
        var matrix = cached.Vectors ?? throw new InvalidOperationException("The index has no vectors.");
        Line("vectors", $"{matrix.Count:N0} x {matrix.Dimensions} float32");
        Line("VectorMatrix.SizeInBytes", $"{matrix.SizeInBytes:N0} B ({Mb(matrix.SizeInBytes)}); per 100,000 vectors: {Mb(matrix.SizeInBytes * 100_000 / Math.Max(1, matrix.Count))}");
        var vectorFolder = Path.Combine(cached.Path, "vectors");
        foreach (var file in Directory.EnumerateFiles(vectorFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            Line("  " + Path.GetRelativePath(cached.Path, file), Mb(new FileInfo(file).Length));
        }

        Line("whole index on disk", Mb(cached.Index.SizeOnDiskBytes()));
        Snapshot("after lexical + vector build (index open)");
        cached.Dispose();
        Snapshot("after the index is disposed");

        Console.WriteLine();
        Console.WriteLine("Where the vector build goes (stopwatch, one run each):");
        clock.Restart();
        var texts = BenchIndex.EmbeddingTexts(corpus, options);
        Line("analyze texts (EmbeddingText.Of)", Rate(texts.Count, clock.Elapsed));
        FeaturizeOnly(texts, options.Embedding);
        clock.Restart();
        var model = EmbeddingModel.Fit(texts, options.Embedding);
        var fit = clock.Elapsed;
        Line("EmbeddingModel.Fit (featurize + PCA)", $"{Rate(texts.Count, fit)}, {model.Dimensions} dimensions");
        clock.Restart();
        var embedded = model.EmbedAll(texts);
        Line("EmbedAll", Rate(texts.Count, clock.Elapsed));
        Line("Fit + EmbedAll", Rate(texts.Count, fit + clock.Elapsed));
        GC.KeepAlive(embedded);
        return 0;
    }

    /// <summary>Only the TF-IDF featurization of <see cref="EmbeddingModel.Fit"/> (same settings), fitted and run over every row.</summary>
    private static void FeaturizeOnly(List<string> texts, EmbeddingOptions options)
    {
        var clock = Stopwatch.StartNew();
        var ml = new MLContext(options.Seed);
        var data = ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));
        var featurizer = EmbeddingModel.FeaturizerOptions(options);
        var transformer = ml.Transforms.Text.FeaturizeText("Features", featurizer, nameof(TextRow.Text)).Fit(data);
        var fitted = clock.Elapsed;
        long nonZero = 0;
        var width = 0;
        foreach (var row in transformer.Transform(data).GetColumn<VBuffer<float>>("Features"))
        {
            nonZero += row.GetValues().Length;
            width = row.Length;
        }

        Line("  FeaturizeText fit", Rate(texts.Count, fitted));
        Line("  FeaturizeText transform (one pass)", $"{Rate(texts.Count, clock.Elapsed - fitted)}; {width:N0} features, {nonZero / (double)texts.Count:F0} non-zero per passage");
    }

    private static void Snapshot(string label)
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        Line(label, $"managed heap {Mb(GC.GetTotalMemory(false))}, working set {Mb(process.WorkingSet64)}, peak working set {Mb(process.PeakWorkingSet64)}");
    }

    private static string Rate(int passages, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:F2} s, {passages / elapsed.TotalSeconds:N0} passages/s");

    /// <summary>What the index is made of: its files' sizes by Lucene file extension (stored fields, postings, positions, ...).</summary>
    private static void PrintFileKinds(string path)
    {
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [".fdt"] = "stored fields", [".tim"] = "term dictionary", [".tip"] = "term index", [".doc"] = "postings (docs, freqs)",
            [".pos"] = "positions", [".nvd"] = "norms", [".dvd"] = "doc values",
        };
        // Small segments live in compound files (.cfs): count their entries by their own extensions.
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        using var directory = Lucene.Net.Store.FSDirectory.Open(path);
        foreach (var name in directory.ListAll())
        {
            if (name.EndsWith(".cfs", StringComparison.Ordinal))
            {
                using var compound = new Lucene.Net.Store.CompoundFileDirectory(directory, name, Lucene.Net.Store.IOContext.READ_ONCE, openForWrite: false);
                foreach (var entry in compound.ListAll())
                {
                    sizes[Path.GetExtension(entry)] = sizes.GetValueOrDefault(Path.GetExtension(entry)) + compound.FileLength(entry);
                }
            }
            else
            {
                sizes[Path.GetExtension(name)] = sizes.GetValueOrDefault(Path.GetExtension(name)) + directory.FileLength(name);
            }
        }

        foreach (var (extension, bytes) in sizes.OrderByDescending(s => s.Value).Take(8))
        {
            Line($"  {extension} ({kinds.GetValueOrDefault(extension, "other")})", Mb(bytes));
        }
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:F1} MiB");

    private static void Line(string label, string value) => Console.WriteLine($"{label,-45} {value}");

    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }
}
