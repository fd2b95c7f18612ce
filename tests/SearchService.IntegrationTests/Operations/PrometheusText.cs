using System.Globalization;

namespace SearchService.IntegrationTests.Operations;

/// <summary>Reads samples out of a Prometheus text exposition.</summary>
internal static class PrometheusText
{
    /// <summary>The sum of every sample of <paramref name="metric"/> whose labels include all of <paramref name="labels"/> (0 when none).</summary>
    public static double Sum(string exposition, string metric, params string[] labels) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    public static bool Has(string exposition, string metric) =>
        exposition.Split('\n').Any(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal));
}
