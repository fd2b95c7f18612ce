using SearchService.Engine;
using SearchService.Evaluation;
using SearchService.Testing;

namespace SearchService.IntegrationTests.SearchControls;

/// <summary>
/// The seeds plus four articles made for filters, facets and sorting: three dated (two in 2024, one in 2023) and one
/// undated, each with paragraphs and most with a caption; and a learned model, so every mode can be filtered.
/// </summary>
public sealed class SearchControlsFixture : RunningService
{
    public const string Spring2024 = "910_spring_talks";
    public const string Autumn2024 = "911_autumn_forum";
    public const string Summer2023 = "912_summer_review";
    public const string Undated = "913_undated_note";

    private readonly string _model = Path.Combine(Path.GetTempPath(), "searchservice-it-controls-" + Guid.NewGuid().ToString("N") + ".model");

    public static IReadOnlyList<string> Modes { get; } = ["lexical", "semantic", "hybrid", "learned"];

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Search:Ranker:ModelPath"] = _model };

    protected override IReadOnlyDictionary<string, string> ExtraSources => new Dictionary<string, string>
    {
        [Spring2024 + ".txt"] = "Spring talks on bamboo diplomacy\n\nMarch 5, 2024 - 09:00\n\n"
            + "The spring talks tested bamboo diplomacy between the delegations, and diplomacy on trade moved forward.\n\n"
            + "| Delegates at the spring talks on diplomacy. (Photo: VNA) |\n\n"
            + "A quokkas exhibit opened beside the talks, a quiet corner of cultural diplomacy.\n",
        [Autumn2024 + ".txt"] = "Autumn forum on economic diplomacy\n\nSeptember 10, 2024 - 14:30\n\n"
            + "The autumn forum made economic diplomacy its theme and asked how diplomacy serves investment.\n\n"
            + "| A speaker on economic diplomacy at the autumn forum. |\n\n"
            + "A zebrafish exhibit opened beside the forum, a quiet corner of cultural diplomacy.\n",
        [Summer2023 + ".txt"] = "Summer review of diplomacy\n\nJune 1, 2023 - 08:00\n\n"
            + "The summer review of diplomacy in 2023 counted new partnerships in diplomacy and trade.\n\n"
            + "| Officials at the summer review of diplomacy. |\n",
        [Undated + ".txt"] = "Undated note on diplomacy\n\n"
            + "A note on diplomacy without any date line, about diplomacy and its partners.\n",
    };

    /// <summary>Trains the learned model on the dev set over the seeds before the service starts.</summary>
    public override async Task InitializeAsync()
    {
        var subject = EvaluationSubject.FromDevSet(DevSet.Load(DevSet.DefaultPath(RepoRoot)), Path.Combine(RepoRoot, "seeds"));
        var (ranker, _) = RelevanceEvaluation.Train(subject, new SearchOptions(), folds: null);
        ranker.Save(_model);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_model);
    }
}

/// <summary>One <see cref="SearchControlsFixture"/> (index, vectors and learned model built once) for every search-controls test class.</summary>
[CollectionDefinition(Name)]
public sealed class SearchControlsCollection : ICollectionFixture<SearchControlsFixture>
{
    public const string Name = "search controls";
}
