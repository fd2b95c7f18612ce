using System.Security.Cryptography;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Pushing;

namespace SearchService.Cluster.Shards;

/// <summary>
/// A pushed document as the shard indexes it: exactly as one node indexes the same push (the text as uploaded, so
/// citation offsets slice it; the caller's title and metadata over what the text says), with the fingerprint one
/// node's pushed file would have (the SHA-256 of the same JSON).
/// </summary>
public static class ClusterDocuments
{
    public static ClusterDocument From(string id, PushedDocument pushed) =>
        new(id, pushed.Title, pushed.Text, pushed.Published, pushed.Url, pushed.Publisher);

    public static PushedDocument ToPushed(ClusterDocument document) =>
        new(document.Title, document.Text, document.Published, document.Url, document.Publisher);

    public static ParsedDocument Parse(ClusterDocument document) =>
        PushedSources.Parse(new ArticleParser(), document.Id, ToPushed(document));

    public static SourceFingerprint Fingerprint(ClusterDocument document)
    {
        var json = ToPushed(document).ToJsonBytes();
        return new SourceFingerprint(Convert.ToHexStringLower(SHA256.HashData(json)), json.LongLength, DateTime.UnixEpoch);
    }
}
