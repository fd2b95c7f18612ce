using System.Globalization;
using Lucene.Net.Search;
using SearchService.Engine.Retrieval;

namespace SearchService.Benchmarks;

/// <summary>
/// <c>bounds-potential</c> layer of <c>rank-profile</c>: how much per-range score bounds could prune on this corpus at
/// best. For each query: the final k-th score θ, and per range of 2^shift documents the sum over clauses of the
/// clause's largest actual score in the range (perfect per-range impacts) and of the (max tf, min length) bound; a
/// range whose sum is at most θ could be skipped whole. Also the share of matching documents scoring above θ/2.
/// </summary>
internal static class BoundsPotential
{
    public static int Run(IndexSearcher searcher, Query[] queries, int depth, int shift, int count)
    {
        double rangesWithPostings = 0, perfectSkippable = 0, tfLenSkippable = 0, matches = 0, aboveHalf = 0, thetaOverMax = 0;
        var n = 0;
        foreach (var query in queries.Take(count))
        {
            if (TermDisjunction.Clauses(searcher, query, depth) is not { } clauses)
            {
                continue;
            }

            var top = TermDisjunction.Search(searcher, clauses, depth, QueryDeadline.None);
            if (top.ScoreDocs.Length < depth)
            {
                continue;
            }

            var theta = top.ScoreDocs[depth - 1].Score;
            var ranges = (searcher.IndexReader.MaxDoc >> shift) + 1;
            var perfect = new double[ranges];
            var tfLen = new double[ranges];
            var any = new bool[ranges];
            var maxTotal = 0.0;
            var sums = new Dictionary<int, double>();
            foreach (var clause in clauses)
            {
                var weight = searcher.CreateNormalizedWeight(clause);
                var clauseMax = new double[ranges];
                var clauseTf = new int[ranges];
                var clauseLen = new float[ranges];
                Array.Fill(clauseLen, float.MaxValue);
                foreach (var leaf in searcher.IndexReader.Leaves)
                {
                    var scorer = weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
                    if (scorer is null)
                    {
                        continue;
                    }

                    var lengths = FieldLengths.Of(leaf.AtomicReader, clause.Term.Field);
                    int doc;
                    while ((doc = scorer.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                    {
                        var global = leaf.DocBase + doc;
                        var r = global >> shift;
                        var s = scorer.GetScore();
                        clauseMax[r] = Math.Max(clauseMax[r], s);
                        clauseTf[r] = Math.Max(clauseTf[r], scorer.Freq);
                        clauseLen[r] = Math.Min(clauseLen[r], lengths[doc]);
                        any[r] = true;
                        sums[global] = sums.GetValueOrDefault(global) + s;
                    }
                }

                var sim = (IDirectBm25Scoring)searcher.Similarity;
                var constants = sim.Constants(clause.Boost, searcher.CollectionStatistics(clause.Term.Field), searcher.TermStatistics(clause.Term, Lucene.Net.Index.TermContext.Build(searcher.TopReaderContext, clause.Term)));
                maxTotal += constants.WeightTimesK1Plus1;
                for (var r = 0; r < ranges; r++)
                {
                    perfect[r] += clauseMax[r];
                    tfLen[r] += clauseTf[r] == 0 ? 0 : constants.Score(clauseTf[r], clauseLen[r]);
                }
            }

            for (var r = 0; r < ranges; r++)
            {
                if (any[r])
                {
                    rangesWithPostings++;
                    perfectSkippable += perfect[r] <= theta ? 1 : 0;
                    tfLenSkippable += tfLen[r] <= theta ? 1 : 0;
                }
            }

            matches += sums.Count;
            aboveHalf += sums.Values.Count(v => v > theta / 2);
            thetaOverMax += theta / maxTotal;
            n++;
        }

        Console.WriteLine(FormattableString.Invariant(
            $"bounds-potential shift {shift} ({1 << shift} docs/range), {n} queries: ranges skippable with perfect per-range maxima {perfectSkippable / rangesWithPostings:P1}, with (max tf, min length) {tfLenSkippable / rangesWithPostings:P1}; matches/query {matches / n:F0}, above θ/2 {aboveHalf / matches:P2}; θ / Σ idf·boost·(k1+1) {thetaOverMax / n:F3}"));
        return 0;
    }
}
