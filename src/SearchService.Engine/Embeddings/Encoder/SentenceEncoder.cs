using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace SearchService.Engine.Embeddings.Encoder;

/// <summary>
/// A pretrained BERT-style sentence encoder run with ONNX Runtime: text → diacritic fold → WordPiece
/// (<see cref="BertTokenizer"/>, capped at <see cref="EncoderOptions.MaxTokens"/>) → <c>last_hidden_state</c> →
/// pooling as the model was trained (mean over the attention mask, or [CLS]) → L2 normalization. Every vector has
/// unit length, so cosine similarity is a dot product.
/// <para>
/// Thread-safe: one <see cref="InferenceSession"/> per encoder (ONNX Runtime allows concurrent runs), reused for
/// every call. Passages are embedded in batches sorted by length so little padding is computed; padding is masked,
/// so a passage's vector does not depend on its batch (to float rounding, below 1e-5).
/// </para>
/// </summary>
public sealed class SentenceEncoder : IDisposable
{
    /// <summary>Version of the passage text layout (<see cref="EncoderText.OfPassage"/>) and folding, part of the fingerprint.</summary>
    private const string TextVersion = "fold1-title1";

    private static readonly ConcurrentDictionary<string, Lazy<Task<SentenceEncoder>>> SharedEncoders = new(StringComparer.Ordinal);

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly string[] _inputNames;
    private readonly string _outputName;
    private readonly EncoderPooling _pooling;
    private readonly string _queryPrefix;
    private readonly int _maxTokens;
    private readonly int _batchSize;
    private long _queriesEmbedded;

    private SentenceEncoder(EncoderModelSource source, EncoderOptions options)
    {
        _pooling = source.Pooling;
        _queryPrefix = source.QueryPrefix;
        _maxTokens = Math.Max(8, options.MaxTokens);
        _batchSize = Math.Max(1, options.BatchSize);
        using (var vocabulary = new MemoryStream(source.Vocabulary, writable: false))
        {
            _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        }

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(source.Model, sessionOptions);
        _inputNames = _session.InputMetadata.Keys.ToArray();
        _outputName = _session.OutputMetadata.ContainsKey("last_hidden_state") ? "last_hidden_state" : _session.OutputMetadata.Keys.First();
        Name = source.Name;
        Dimensions = HiddenSize();
        Fingerprint = $"{source.Identity};{_pooling.ToString().ToLowerInvariant()};max{_maxTokens};{TextVersion}";
    }

    /// <summary>The model's short name (minilm, arctic-xs, or the folder name of a model of your own).</summary>
    public string Name { get; }

    public int Dimensions { get; }

    /// <summary>
    /// What a passage vector depends on: model name and bytes, pooling, token cap, text folding and layout.
    /// Vectors made under another fingerprint are never mixed with these (the index re-embeds).
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>A new encoder (its own ONNX session). Most callers want <see cref="Shared"/>.</summary>
    public static SentenceEncoder Load(EncoderOptions options) => new(EncoderModelSource.Resolve(options), options);

    public static SentenceEncoder Load(EncoderModelSource source, EncoderOptions options) => new(source, options);

    /// <summary>
    /// One encoder per process for the given settings: loading the model costs a second and ~100 MB, and every
    /// index, fixture and query of the process can share one session. Null when the model is <c>none</c>.
    /// </summary>
    public static SentenceEncoder? Shared(EncoderOptions options) =>
        options.Enabled ? LoadSharedInBackground(options).GetAwaiter().GetResult() : null;

    /// <summary>
    /// The shared encoder of <see cref="Shared"/>, loading on a thread of its own (the first call starts it). A model
    /// folder without its files throws here, at once; a model that fails to load faults the task.
    /// </summary>
    public static Task<SentenceEncoder> LoadSharedInBackground(EncoderOptions options)
    {
        EncoderModelSource.ThrowIfMissing(options);
        var key = $"{options.Model}|{FileStamp(options.Model)}|{options.Pooling}|{options.QueryPrefix}|{options.MaxTokens}|{options.BatchSize}|{options.Threads}";
        return SharedEncoders.GetOrAdd(key, _ => new Lazy<Task<SentenceEncoder>>(() => Task.Factory.StartNew(
            () => Load(options), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))).Value;
    }

    // A model folder edited while the process runs is another model: its files' sizes and times are part of the key.
    private static string FileStamp(string model)
    {
        var folder = SearchPaths.Resolve(model);
        return string.Join('|', new[] { "model.onnx", "vocab.txt" }
            .Select(name => new FileInfo(Path.Combine(folder, name)))
            .Select(file => file.Exists ? $"{file.Length}@{file.LastWriteTimeUtc.Ticks}" : "-"));
    }

    /// <summary>How many queries this encoder has embedded: a model pass each, the cost a request should pay once.</summary>
    internal long QueriesEmbedded => Interlocked.Read(ref _queriesEmbedded);

    /// <summary>The unit-length vector of a query (with the model's query prefix, if it has one).</summary>
    public float[] EmbedQuery(string text)
    {
        Interlocked.Increment(ref _queriesEmbedded);
        var vectors = new float[Dimensions];
        Run([Tokenize(_queryPrefix + text)], vectors);
        return vectors;
    }

    /// <summary>
    /// Unit-length vectors of many passages, in their order: sorted by length into batches of
    /// <see cref="EncoderOptions.BatchSize"/>; <paramref name="progress"/> hears how many are done.
    /// </summary>
    public VectorMatrix EmbedPassages(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var data = new float[texts.Count * Dimensions];
        var tokens = new int[texts.Count][];
        Parallel.For(0, texts.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => tokens[i] = Tokenize(texts[i]));
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => tokens[i].Length).ToArray();
        var batchVectors = new float[_batchSize * Dimensions];
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(_batchSize, order.Length - start)).ToArray();
            Run(batch.Select(i => tokens[i]).ToArray(), batchVectors);
            for (var j = 0; j < batch.Length; j++)
            {
                batchVectors.AsSpan(j * Dimensions, Dimensions).CopyTo(data.AsSpan(batch[j] * Dimensions, Dimensions));
            }

            progress?.Report(start + batch.Length);
        }

        return new VectorMatrix(data, Dimensions);
    }

    /// <summary>Word-piece ids of <paramref name="text"/>, [CLS] … [SEP], at most <see cref="EncoderOptions.MaxTokens"/>.</summary>
    public int[] Tokenize(string text) =>
        _tokenizer.EncodeToIds(EncoderText.Fold(text), _maxTokens, addSpecialTokens: true, out _, out _).ToArray();

    public void Dispose() => _session.Dispose();

    private int HiddenSize()
    {
        var declared = _session.OutputMetadata[_outputName].Dimensions;
        if (declared.Length == 3 && declared[2] > 0)
        {
            return declared[2];
        }

        // A symbolic hidden size: ask the model.
        var probe = Tokenize("probe");
        return RunRaw([probe], (hidden, _, _) => hidden);
    }

    private void Run(int[][] batch, float[] destination) => RunRaw(batch, (hidden, tokens, output) =>
    {
        for (var b = 0; b < batch.Length; b++)
        {
            var target = destination.AsSpan(b * hidden, hidden);
            if (_pooling == EncoderPooling.Cls)
            {
                output.Slice(b * tokens * hidden, hidden).CopyTo(target);
            }
            else
            {
                target.Clear();
                var length = batch[b].Length;
                for (var t = 0; t < length; t++)
                {
                    TensorPrimitives.Add(target, output.Slice(((b * tokens) + t) * hidden, hidden), target);
                }
            }

            var norm = TensorPrimitives.Norm(target);
            if (norm > 0)
            {
                TensorPrimitives.Divide(target, norm, target);
            }
        }

        return 0;
    });

    private delegate T OutputReader<T>(int hidden, int tokens, ReadOnlySpan<float> output);

    private T RunRaw<T>(int[][] batch, OutputReader<T> read)
    {
        var tokens = batch.Max(b => b.Length);
        var ids = new long[batch.Length * tokens];
        var mask = new long[batch.Length * tokens];
        var types = new long[batch.Length * tokens];
        for (var b = 0; b < batch.Length; b++)
        {
            for (var t = 0; t < batch[b].Length; t++)
            {
                ids[(b * tokens) + t] = batch[b][t];
                mask[(b * tokens) + t] = 1;
            }
        }

        long[] shape = [batch.Length, tokens];
        var values = new List<OrtValue>(_inputNames.Length);
        try
        {
            foreach (var name in _inputNames)
            {
                values.Add(OrtValue.CreateTensorValueFromMemory(name switch
                {
                    "input_ids" => ids,
                    "attention_mask" => mask,
                    "token_type_ids" => types,
                    _ => throw new InvalidOperationException($"The encoder model asks for input '{name}'; expected input_ids, attention_mask and token_type_ids."),
                }, shape));
            }

            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, _inputNames, values, [_outputName]);
            var output = outputs[0];
            var outputShape = output.GetTensorTypeAndShape().Shape;
            return read((int)outputShape[2], (int)outputShape[1], output.GetTensorDataAsSpan<float>());
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }
}
