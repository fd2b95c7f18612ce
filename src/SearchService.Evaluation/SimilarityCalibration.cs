using System.Globalization;
using System.Numerics.Tensors;
using SearchService.Engine.Ranking.Fusion;
using SearchService.Engine.Retrieval;

using SearchService.Engine.Judgments;

using SearchService.Engine;

namespace SearchService.Evaluation;

/// <summary>One semantic signal's cosine distributions on a judged collection.</summary>
/// <param name="Relevant">Cosines of every (query, judged-relevant passage) pair, ascending.</param>
/// <param name="Other">Cosines of every (query, passage not judged relevant) pair, ascending.</param>
/// <param name="TopOther">Per query, the best cosine of a passage not judged relevant, ascending.</param>
public sealed record SimilarityDistribution(string Signal, IReadOnlyList<double> Relevant, IReadOnlyList<double> Other, IReadOnlyList<double> TopOther)
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[(int)Math.Clamp(Math.Round(p / 100 * (sorted.Count - 1)), 0, sorted.Count - 1)];

    /// <summary>The share of <paramref name="sorted"/> at or above <paramref name="floor"/>.</summary>
    public static double ShareAtOrAbove(IReadOnlyList<double> sorted, double floor)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var lo = 0;
        var hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < floor)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return (double)(sorted.Count - lo) / sorted.Count;
    }

    /// <summary>A text table: percentiles of each distribution, then what candidate floors keep.</summary>
    public string Render(string dataset, IReadOnlyList<double> floors)
    {
        var text = new System.Text.StringBuilder();
        var p = new[] { 1.0, 5, 10, 25, 50, 75, 90, 95, 99 };
        string Row(string name, IReadOnlyList<double> values) =>
            $"{dataset,-10} {Signal,-8} {name,-9} n={values.Count,-8} " + string.Join(' ', p.Select(q => Percentile(values, q).ToString("F3", CultureInfo.InvariantCulture)));
        text.AppendLine($"{"dataset",-10} {"signal",-8} {"pairs",-9} {"count",-10} " + string.Join(' ', p.Select(q => $"p{q:0}".PadLeft(5))));
        text.AppendLine(Row("relevant", Relevant));
        text.AppendLine(Row("other", Other));
        text.AppendLine(Row("top-other", TopOther));
        foreach (var floor in floors)
        {
            text.AppendLine(FormattableString.Invariant(
                $"{dataset,-10} {Signal,-8} floor {floor:F2}: keeps {ShareAtOrAbove(Relevant, floor):P1} of relevant pairs, {ShareAtOrAbove(Other, floor):P2} of other pairs"));
        }

        return text.ToString();
    }
}

/// <summary>
/// Calibrates the semantic similarity floors: for every judged query, the cosine of the plain query vector (no
/// feedback) with every passage, split into judged-relevant and other passages.
/// </summary>
public static class SimilarityCalibration
{
    public static IReadOnlyList<SimilarityDistribution> Measure(EvaluationSubject subject, SearchOptions options)
    {
        using var index = EvaluationIndex.Build(subject.Documents(), options);
        return index.Handle.Current.Read(searcher =>
        {
            var ids = new PassageIdReader(searcher.IndexReader);
            var results = new List<SimilarityDistribution>();
            foreach (var space in VectorSpaces.Of(searcher, index.Handle.Current))
            {
                var judgedIds = Enumerable.Range(0, space.Matrix.Count)
                    .Select(row => space.DocOf(row) is var doc and >= 0 ? subject.JudgedIdOf(ids.Read(doc, 0)) : null)
                    .ToArray();
                var relevant = new List<double>();
                var other = new List<double>();
                var topOther = new List<double>();
                var query = new float[space.Matrix.Dimensions];
                foreach (var q in subject.Queries)
                {
                    var grades = subject.Qrels.For(q.Id);
                    if (!space.TryEmbedQuery(q.Text, query))
                    {
                        continue;
                    }

                    var best = double.NegativeInfinity;
                    for (var row = 0; row < space.Matrix.Count; row++)
                    {
                        if (judgedIds[row] is not { } id)
                        {
                            continue;
                        }

                        double cosine = TensorPrimitives.Dot(query, space.Matrix.Row(row));
                        if (grades.TryGetValue(id, out var grade) && grade >= Qrels.RelevantGrade)
                        {
                            relevant.Add(cosine);
                        }
                        else
                        {
                            other.Add(cosine);
                            best = Math.Max(best, cosine);
                        }
                    }

                    topOther.Add(best);
                }

                relevant.Sort();
                other.Sort();
                topOther.Sort();
                results.Add(new SimilarityDistribution(space.Kind.Name(), relevant, other, topOther));
            }

            return results;
        });
    }
}
