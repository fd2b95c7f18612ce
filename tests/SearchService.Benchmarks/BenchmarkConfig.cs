using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SearchService.Benchmarks;

/// <summary>Adds median, p95 and, for index builds, passages per second to the default columns.</summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        Add(DefaultConfig.Instance);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Min, StatisticColumn.Max);
        AddColumn(new PassagesPerSecondColumn());

        // Results go beside this project, not into whatever folder the command was started from.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SearchService.Benchmarks.csproj")))
            {
                ArtifactsPath = Path.Combine(dir.FullName, "BenchmarkDotNet.Artifacts");
                break;
            }
        }
    }
}

/// <summary>Names the corpus an index-build benchmark class indexes once per operation.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class BuildsCorpusAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Passages of the class's corpus divided by the mean time of one operation.</summary>
public sealed class PassagesPerSecondColumn : IColumn
{
    private static readonly Dictionary<string, int> Counts = new(StringComparer.Ordinal);

    public string Id => nameof(PassagesPerSecondColumn);

    public string ColumnName => "Passages/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Passages of the corpus divided by the mean time of one operation (index builds only)";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => CorpusOf(c) is not null);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var corpus = CorpusOf(benchmarkCase);
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (corpus is null || mean is null or <= 0)
        {
            return "-";
        }

        return (Passages(corpus) / (mean.Value / 1e9)).ToString("N0", CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;

    private static string? CorpusOf(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.Type.GetCustomAttributes(typeof(BuildsCorpusAttribute), inherit: true).OfType<BuildsCorpusAttribute>().FirstOrDefault()?.Name;

    private static int Passages(string corpus)
    {
        lock (Counts)
        {
            if (!Counts.TryGetValue(corpus, out var count))
            {
                count = corpus == Corpus.SyntheticName ? Corpus.SyntheticPassages : Corpus.Load(corpus).Passages;
                Counts[corpus] = count;
            }

            return count;
        }
    }
}
