using SearchService.Engine;
using SearchService.Evaluation;

namespace SearchService.Cli;

/// <summary>
/// <c>eval --variant "Fusion=Rrf;LsaWeight=0.5"</c>: ranking settings as <c>Search:Ranking</c> configuration keys over
/// the run's own, so a sweep compares fusions on one index instead of re-indexing (and re-embedding) per setting.
/// </summary>
internal static class RankingVariants
{
    /// <exception cref="InvalidOperationException">A malformed pair, an unknown key or a value of the wrong type.</exception>
    public static RankingVariant Parse(string spec, RankingOptions baseline)
    {
        var pairs = spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries))
            .ToList();
        if (pairs.Count == 0 || pairs.Any(p => p.Length != 2 || p[0].Length == 0))
        {
            throw new InvalidOperationException($"'{spec}': use Key=Value pairs separated by ';' (keys of Search:Ranking).");
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p[0], p[1])))
            .Build();
        var ranking = baseline.Clone();
        configuration.Bind(ranking, binder => binder.ErrorOnUnknownConfiguration = true);
        return new RankingVariant(spec, ranking);
    }
}
