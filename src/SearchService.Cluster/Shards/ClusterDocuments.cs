using System.Security.Cryptography;
using System.Text;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;

namespace SearchService.Cluster.Shards;

/// <summary>A pushed document as the shard indexes it: parsed as an article (title line, blank line, body).</summary>
public static class ClusterDocuments
{
    public static ParsedDocument Parse(ClusterDocument document) =>
        new ArticleParser().Parse(document.Id, $"pushed/{document.Id}", $"{document.Title}\n\n{document.Text}");

    public static SourceFingerprint Fingerprint(ClusterDocument document) =>
        new(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document.Title + "\n" + document.Text))), document.Text.Length, DateTime.UnixEpoch);
}
