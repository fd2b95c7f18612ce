using SearchService.Testing;

namespace SearchService.IntegrationTests.Architecture;

public sealed class HostNamespaceTests
{
    [Fact]
    public void Host_namespaces_use_each_other_without_a_cycle()
    {
        var dependencies = NamespaceDependencies.Of(typeof(Program).Assembly, "SearchService");

        Assert.Empty(dependencies.Cycles());
    }

    [Fact]
    public void Hosting_composes_the_api_and_grpc_which_do_not_use_hosting()
    {
        var edges = NamespaceDependencies.Of(typeof(Program).Assembly, "SearchService").Edges;

        Assert.Contains(("Hosting", "Api"), edges.Keys);
        Assert.Contains(("Hosting", "Grpc"), edges.Keys);
        Assert.DoesNotContain(("Api", "Hosting"), edges.Keys);
        Assert.DoesNotContain(("Grpc", "Hosting"), edges.Keys);
    }

    [Fact]
    public void Only_the_cli_uses_offline_evaluation()
    {
        var edges = NamespaceDependencies.Of(typeof(Program).Assembly, "SearchService").Edges;

        Assert.Contains(("Cli", "Evaluation"), edges.Keys);
        Assert.DoesNotContain(edges, e => e.Key.To == "Evaluation" && e.Key.From != "Cli");
    }
}
