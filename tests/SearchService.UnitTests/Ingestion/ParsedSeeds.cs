using SearchService.Engine.Ingestion;

namespace SearchService.UnitTests.Ingestion;

/// <summary>The seed corpus parsed once per test run; parsing is pure, so sharing the results is safe.</summary>
internal static class ParsedSeeds
{
    public const string Diplomacy000 = "000_4a4e51d1652b0a4f";
    public const string Bamboo001 = "001_eaecac8392346f6f";
    public const string Conference002 = "002_7f81a9a8e99b335c";
    public const string Interview003 = "003_37e75ead3a9a6882";
    public const string Interview004 = "004_1e7a8dd3a4f3aed2";

    private static readonly Lazy<IReadOnlyDictionary<string, ParsedDocument>> Documents = new(() =>
        SeedCorpus.All.ToDictionary(id => id, id => new ArticleParser().Parse(id, SeedCorpus.PathOf(id), SeedCorpus.Load(id))));

    public static IEnumerable<ParsedDocument> All => Documents.Value.Values;

    public static ParsedDocument Get(string id) => Documents.Value[id];

    public static TheoryData<string> Ids() => new(SeedCorpus.All);
}
