using System.CommandLine;
using SearchService.Engine;
using SearchService.Engine.Embeddings.Encoder;

namespace SearchService.Cli;

/// <summary>
/// The sentence-encoder options of the <c>eval</c> command: which model, its token cap, LSA beside it, and the
/// shared vector cache that lets repeated runs on one collection encode each passage once.
/// </summary>
internal sealed class EncoderCliOptions
{
    /// <summary>Where eval keeps encoder vectors between runs unless told otherwise (<c>--encoder-cache</c>).</summary>
    public static string DefaultCacheFolder => Path.Combine(Path.GetTempPath(), "searchservice-embedding-cache");

    private readonly Option<string?> _model = new("--encoder") { Description = "Sentence encoder: minilm, arctic-xs, none, or a folder with model.onnx and vocab.txt (default from configuration: minilm)." };
    private readonly Option<int?> _maxTokens = new("--encoder-max-tokens") { Description = "Word pieces per passage the encoder reads (default 256)." };
    private readonly Option<EncoderPooling?> _pooling = new("--encoder-pooling") { Description = "Pooling of a model of your own: Mean or Cls." };
    private readonly Option<string?> _cache = new("--encoder-cache") { Description = $"Folder of cached passage vectors (by model and text hash), shared by runs; 'none' turns it off. Default: Search:Embeddings:CacheFolder, else {DefaultCacheFolder}." };
    private readonly Option<bool?> _lsa = new("--lsa") { Description = "Build the corpus-fitted LSA vectors too (default true)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_model);
        command.Options.Add(_maxTokens);
        command.Options.Add(_pooling);
        command.Options.Add(_cache);
        command.Options.Add(_lsa);
    }

    public void Apply(ParseResult parse, SearchOptions options)
    {
        var embeddings = options.Embeddings;
        embeddings.Model = parse.GetValue(_model) ?? embeddings.Model;
        embeddings.MaxTokens = parse.GetValue(_maxTokens) ?? embeddings.MaxTokens;
        embeddings.Pooling = parse.GetValue(_pooling) ?? embeddings.Pooling;
        embeddings.Lsa = parse.GetValue(_lsa) ?? embeddings.Lsa;
        var cache = parse.GetValue(_cache) ?? embeddings.CacheFolder ?? DefaultCacheFolder;
        embeddings.CacheFolder = string.Equals(cache, "none", StringComparison.OrdinalIgnoreCase) ? null : cache;
    }
}
