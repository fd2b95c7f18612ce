using SearchService.Engine;
using SearchService.Testing;

namespace SearchService.UnitTests.Architecture;

public sealed class EngineNamespaceTests
{
    [Fact]
    public void Engine_feature_namespaces_use_each_other_without_a_cycle()
    {
        var dependencies = NamespaceDependencies.Of(typeof(SearchEngine).Assembly, "SearchService.Engine");

        Assert.Empty(dependencies.Cycles());
    }

    [Fact]
    public void Ranking_uses_retrieval_and_indexing_but_neither_uses_ranking()
    {
        var edges = NamespaceDependencies.Of(typeof(SearchEngine).Assembly, "SearchService.Engine").Edges;

        Assert.Contains(("Ranking", "Retrieval"), edges.Keys);
        Assert.Contains(("Ranking", "Indexing"), edges.Keys);
        Assert.DoesNotContain(("Retrieval", "Ranking"), edges.Keys);
        Assert.DoesNotContain(("Indexing", "Ranking"), edges.Keys);
    }

    [Fact]
    public void Engine_does_not_reference_offline_evaluation()
    {
        Assert.DoesNotContain(typeof(SearchEngine).Assembly.GetReferencedAssemblies(), a => a.Name == "SearchService.Evaluation");
        Assert.Equal("SearchService.Evaluation", typeof(SearchService.Evaluation.DevSet).Assembly.GetName().Name);
    }

    [Fact]
    public void A_cycle_made_only_inside_a_method_body_is_found()
    {
        var cycles = NamespaceDependencies.Of(typeof(EngineNamespaceTests).Assembly, "SearchService.UnitTests.Architecture.CycleSample").Cycles();

        Assert.Equal(2, cycles.Count);
        Assert.StartsWith("Left -> Right (", cycles[0]);
        Assert.StartsWith("Right -> Left (", cycles[1]);
    }
}
