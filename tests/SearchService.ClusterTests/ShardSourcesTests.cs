using SearchService.Cluster.Shards;
using SearchService.Engine;
using SearchService.Testing;

namespace SearchService.ClusterTests;

public sealed class ShardSourcesTests
{
    /// <summary>A source's position is its tie-break ordinal, so it must be one node's indexing order: by document id.</summary>
    [Fact]
    public void Sources_are_read_in_document_id_order_as_one_node_indexes_them_not_file_name_order()
    {
        using var folder = new TemporaryFolder("searchservice-shard-sources-");
        foreach (var name in new[] { "a-b.txt", "a.txt", "a b.md", "0.txt" })
        {
            File.WriteAllText(Path.Combine(folder.Path, name), $"A paragraph about {name} that is long enough to be a passage of its own.\n");
        }

        var ids = new SourcesFolderShardSources(new SearchOptions { SeedsPath = folder.Path }).Read().Select(s => s.Document.Metadata.DocumentId).ToList();

        Assert.Equal(["0", "a", "a b", "a-b"], ids);
    }
}
