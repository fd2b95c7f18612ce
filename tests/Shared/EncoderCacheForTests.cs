using System.Runtime.CompilerServices;

namespace SearchService.Testing;

/// <summary>
/// Every fixture of a test run indexes the same seeds; encoding them once (MiniLM, ~10 s on a busy machine) and
/// sharing the vectors by text hash keeps the suite fast. The variable is inherited by service processes the
/// tests start, and read by in-process hosts and by <c>EncoderOptions</c> made in code (the cache folder only).
/// </summary>
internal static class EncoderCacheForTests
{
    [ModuleInitializer]
    internal static void UseSharedCache()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("Search__Embeddings__CacheFolder")))
        {
            Environment.SetEnvironmentVariable("Search__Embeddings__CacheFolder", Path.Combine(Path.GetTempPath(), "searchservice-test-embedding-cache"));
        }

        // Fixtures wait for /health/ready; with this they also wait for the semantic vectors, so a test's first
        // semantic query does not meet the 503 of vectors still being built. Tests of that 503 turn it off.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("Search__Embeddings__ReadyWhenEncoded")))
        {
            Environment.SetEnvironmentVariable("Search__Embeddings__ReadyWhenEncoded", "true");
        }
    }
}
