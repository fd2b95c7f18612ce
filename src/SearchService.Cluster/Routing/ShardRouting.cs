using System.Text;

namespace SearchService.Cluster.Routing;

/// <summary>
/// Which shard a document lives on: a stable hash of its id modulo the shard count. Stable across processes, runs and
/// .NET versions (FNV-1a 64 over UTF-8), unlike <see cref="string.GetHashCode()"/>, which is randomized per process.
/// </summary>
public static class ShardRouting
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static int ShardOf(string documentId, int shards)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        return (int)(Hash(documentId) % (ulong)shards);
    }

    /// <summary>FNV-1a 64 of the id's UTF-8 bytes.</summary>
    public static ulong Hash(string documentId)
    {
        var hash = OffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(documentId))
        {
            hash ^= b;
            hash *= Prime;
        }

        return hash;
    }
}
