using SearchService.Engine.Indexing;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// What a request may expect of the sentence-encoder vectors while the background encoder is still working:
/// semantic mode needs all of them (else 503 with Retry-After and the progress), hybrid serves what it can and
/// says so in <see cref="SearchResponse.Notes"/> (<see cref="SearchResponse.Degraded"/>).
/// </summary>
public static class EncoderGate
{
    /// <summary>Notes for the response (null when nothing is missing); throws for a semantic request that cannot be served.</summary>
    /// <exception cref="VectorsIncompleteException">Semantic mode while vectors are incomplete.</exception>
    public static IReadOnlyList<string>? Check(ServingSearcher searcher, SearchMode mode)
    {
        if (mode == SearchMode.Lexical || searcher.Encoded is not { } encoded)
        {
            return null;
        }

        // The model did not load (it loads in the background after a start): no vector will ever come.
        if (encoded.EncoderFailed)
        {
            throw new SemanticUnavailableException();
        }

        if (encoded.IsComplete)
        {
            return null;
        }

        return mode == SearchMode.Semantic
            ? throw new VectorsIncompleteException(encoded.Progress)
            : [$"degraded: semantic vectors are still being built ({encoded.Progress}); passages without one are ranked by their other signals"];
    }
}

/// <summary>Semantic retrieval was asked for while the encoder vectors of this generation are incomplete.</summary>
public sealed class VectorsIncompleteException(EncoderProgress progress)
    : Exception($"Semantic retrieval is not available yet: the passage vectors are still being built ({progress}). Retry shortly, or use mode=lexical or mode=hybrid.")
{
    public EncoderProgress Progress { get; } = progress;

    /// <summary>A rough wait: the encoder manages ~15-50 passages/s on two busy cores; at least 1 s, at most a minute.</summary>
    public int RetryAfterSeconds => Math.Clamp((Progress.Total - Progress.Encoded) / 20, 1, 60);
}
