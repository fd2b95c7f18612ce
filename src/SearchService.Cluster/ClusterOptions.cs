namespace SearchService.Cluster;

/// <summary>
/// Section <c>Search:Cluster</c>: cluster mode, where every SearchService process is also an Orleans silo and the
/// corpus is split into <see cref="Shards"/> shard grains (docs/scale.md). Off by default: one process, no Redis,
/// nothing of Orleans started.
/// </summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Search:Cluster";

    public bool Enabled { get; set; }

    /// <summary>Redis for membership and shard state, as StackExchange.Redis reads it (<c>host:port[,options]</c>).</summary>
    public string? Redis { get; set; }

    /// <summary>How many shards the corpus is split into; fixed for the life of a cluster (it decides where a document lives).</summary>
    public int Shards { get; set; } = 3;

    /// <summary>Silo-to-silo port; distinct per process when several nodes share a host.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port; distinct per process when several nodes share a host.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos reach this one at (loopback by default: several nodes on one host).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Orleans cluster id: nodes with the same id and Redis form one cluster.</summary>
    public string ClusterId { get; set; } = "searchservice";

    /// <summary>
    /// Local folder of the shard indexes this node hosts (rebuilt on activation from the durable sources). Unset: a
    /// folder under the system temp folder named after the silo's port.
    /// </summary>
    public string? DataPath { get; set; }

    /// <summary>How long a query waits for one shard before answering without it (<c>partial: true</c>).</summary>
    public TimeSpan ShardTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each shard checks that it is on the node the layout over the live nodes gives it (rebalancing).</summary>
    public TimeSpan RebalanceInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The settings that are out of range, as messages naming them; empty when all are valid (or cluster mode is off).</summary>
    public IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(Redis))
        {
            yield return "Search:Cluster:Redis is required when Search:Cluster:Enabled is true (host:port).";
        }

        if (Shards is < 1 or > 1024)
        {
            yield return "Search:Cluster:Shards must be between 1 and 1024.";
        }

        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
        {
            yield return "Search:Cluster:SiloPort and GatewayPort must be distinct ports between 1 and 65535.";
        }

        if (ShardTimeout <= TimeSpan.Zero)
        {
            yield return "Search:Cluster:ShardTimeout must be positive.";
        }

        if (RebalanceInterval <= TimeSpan.Zero)
        {
            yield return "Search:Cluster:RebalanceInterval must be positive.";
        }
    }
}
