using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// The top hits of a flat OR of term clauses — what plain queries become — scored as Lucene.Net 4.8's
/// <c>BooleanScorer</c> scores them, without its per-posting machinery. Each segment is scored in windows of
/// <see cref="Window"/> documents: every clause's postings in the window add their score into a dense array (a
/// document's first score sets it, later ones add, as <c>BooleanScorer</c>'s buckets do), and the window's documents
/// are then offered to a top-k heap in doc order. <c>BooleanScorer</c> does the same with a linked list of 2,048
/// bucket objects per segment and a collector call per posting, which was most of a lexical query's CPU at 100,000
/// passages (docs/benchmarks.md, "Lexical at 100k").
/// </summary>
/// <remarks>
/// Scores are bit-identical to <c>IndexSearcher.Search(query, k)</c>: the same term scorers compute each clause's
/// float score, the sum is accumulated in double in the same order (the last clause first: <c>BooleanScorer</c>'s
/// sub-scorer list is built by prepending), and cast to float once. Used only with a similarity whose coordination
/// factor and query norm are 1 (the engine's BM25 overrides neither), so <c>BooleanScorer</c>'s multiplication by the
/// factor changes nothing and each clause weighs the same normalized alone or with the others. Ties go to the lower doc id, as in <see cref="TopScoreDocCollector"/>. The total counts every live
/// document that matches any clause.
/// </remarks>
internal static class TermDisjunction
{
    /// <summary>Documents scored per pass over the clauses (a 64 KB score array).</summary>
    public const int Window = 8192;

    /// <summary>Deeper lists (date order ranks every match) go through Lucene's own collector.</summary>
    public const int MaxDepth = 10_000;

    /// <summary>The clauses of <paramref name="query"/> when it is a flat OR of term clauses this class can score; null otherwise.</summary>
    public static TermQuery[]? Clauses(IndexSearcher searcher, Query query, int depth)
    {
        if (depth > MaxDepth || query is not BooleanQuery boolean || boolean.MinimumNumberShouldMatch > 0 || boolean.Boost != 1f
            || boolean.Clauses.Count == 0)
        {
            return null;
        }

        if (!ScoresClausesIndependently(searcher.Similarity, boolean.Clauses.Count))
        {
            return null;
        }

        var clauses = new TermQuery[boolean.Clauses.Count];
        for (var i = 0; i < clauses.Length; i++)
        {
            if (boolean.Clauses[i] is not { Occur: Occur.SHOULD, Query: TermQuery term })
            {
                return null;
            }

            clauses[i] = term;
        }

        return clauses;
    }

    /// <summary>
    /// True when the similarity neither coordinates (coord 1 whatever the overlap) nor normalizes by the query (query
    /// norm 1): then a document's score is the plain sum of its clauses' scores, each weighed on its own.
    /// </summary>
    private static bool ScoresClausesIndependently(Similarity similarity, int clauses)
    {
        for (var overlap = 0; overlap <= clauses; overlap++)
        {
            if (similarity.Coord(overlap, clauses) != 1f)
            {
                return false;
            }
        }

        return similarity.QueryNorm(0.25f) == 1f && similarity.QueryNorm(1f) == 1f && similarity.QueryNorm(4f) == 1f && similarity.QueryNorm(1000f) == 1f;
    }

    /// <summary>The top <paramref name="depth"/> hits of the OR of <paramref name="clauses"/>, within <paramref name="deadline"/>.</summary>
    /// <param name="window">Documents per pass, a multiple of 64 (tests use small windows to cross their edges).</param>
    /// <param name="matched">When given, records every matching document (what the total counts).</param>
    /// <param name="readInPlace">Whether the default codec's postings are walked in place (<see cref="BlockPostings"/>); the same hits either way.</param>
    public static TopDocs Search(IndexSearcher searcher, TermQuery[] clauses, int depth, QueryDeadline deadline, int window = Window, MatchedDocs? matched = null, bool readInPlace = true)
    {
        if (window <= 0 || window % 64 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "a positive multiple of 64");
        }

        var started = Stopwatch.GetTimestamp();

        // Each clause weighed on its own: the similarity ignores the query norm, so a term's weight is idf × boost
        // whether or not it is normalized together with the other clauses. The engine's BM25 is scored from the
        // postings directly (Bm25Postings); any other similarity through its term scorers.
        var postings = searcher.Similarity is IDirectBm25Scoring bm25 ? Bm25Postings.Weigh(searcher, bm25, clauses, readInPlace) : null;
        var weights = postings is null ? new Weight[clauses.Length] : [];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = searcher.CreateNormalizedWeight(clauses[i]);
        }

        // No window wider than the largest segment (rounded up to whole bit words): the passes are the same, and a
        // small index's query no longer allocates 64 KB of scores (42 % of the bytes a seeds search allocated).
        window = Math.Min(window, WidestSegment(searcher.IndexReader));
        var top = new TopHits(Math.Max(depth, 1));
        var scores = new double[window];
        var seen = new byte[window];
        var scorers = new Scorer?[weights.Length];
        var total = 0;
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            deadline.ThrowIfOver(started);
            if ((postings?.Open(leaf) ?? OpenScorers(weights, leaf, scorers)) == 0)
            {
                continue;
            }

            var maxDoc = leaf.AtomicReader.MaxDoc;
            for (var start = 0; start < maxDoc; start += window)
            {
                var end = Math.Min(start + window, maxDoc);
                if (!(postings?.ScoreWindow(start, end, scores, seen) ?? ScoreWindow(scorers, start, end, scores, seen)))
                {
                    continue;
                }

                total += top.Offer(scores, seen, start, leaf.DocBase, matched);
                if ((start / window) % 8 == 7)
                {
                    deadline.ThrowIfOver(started);
                }
            }
        }

        return top.ToTopDocs(total, depth);
    }

    private static int WidestSegment(IndexReader reader)
    {
        var widest = 64;
        foreach (var leaf in reader.Leaves)
        {
            widest = Math.Max(widest, (leaf.AtomicReader.MaxDoc + 63) & ~63);
        }

        return widest;
    }

    /// <summary>Positions each clause's scorer on its first document in <paramref name="leaf"/>; the number of clauses with any.</summary>
    private static int OpenScorers(Weight[] weights, AtomicReaderContext leaf, Scorer?[] scorers)
    {
        var live = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var scorer = weights[i].GetScorer(leaf, leaf.AtomicReader.LiveDocs);
            scorers[i] = scorer is not null && scorer.NextDoc() != DocIdSetIterator.NO_MORE_DOCS ? scorer : null;
            live += scorers[i] is null ? 0 : 1;
        }

        return live;
    }

    /// <summary>Adds every clause's scores of documents in [start, end) into <paramref name="scores"/>; false when none matched.</summary>
    private static bool ScoreWindow(Scorer?[] scorers, int start, int end, double[] scores, byte[] seen)
    {
        var any = false;

        // The last clause first, as BooleanScorer adds them (see the remarks above): the double sums are then the same.
        for (var i = scorers.Length - 1; i >= 0; i--)
        {
            var scorer = scorers[i];
            if (scorer is null)
            {
                continue;
            }

            // Offer leaves the window's scores at zero, so a document's first score adds to 0.0, which gives it exactly
            // (as Bm25Postings.ScoreWindow adds).
            var doc = scorer.DocID;
            while (doc < end)
            {
                var at = doc - start;
                seen[at] = 1;
                scores[at] += scorer.GetScore();
                doc = scorer.NextDoc();
            }

            any = true;
            if (doc == DocIdSetIterator.NO_MORE_DOCS)
            {
                scorers[i] = null;
            }
        }

        return any;
    }

    /// <summary>
    /// The best hits so far: a heap whose root is the worst kept hit (lowest score; of equal scores, the higher doc).
    /// Documents arrive in increasing doc order, so a newcomer that only ties the worst loses to it.
    /// </summary>
    private sealed class TopHits(int size)
    {
        private readonly ScoreDoc[] _heap = new ScoreDoc[Math.Min(size, 1024)];
        private ScoreDoc[] _items = [];
        private int _count;

        /// <summary>
        /// Offers the window's matched documents (the 1s of <paramref name="seen"/>, cleared here with their
        /// <paramref name="scores"/>, and recorded in <paramref name="matched"/> when given); returns how many there were.
        /// </summary>
        /// <remarks>
        /// Per 64 documents: the marks become a bit word (two 32-byte compares), and once the heap is full only the
        /// documents whose double sum exceeds the root's score (as a double) are offered — a superset of those whose
        /// float score beats it (rounding to float is monotonic), each then checked exactly by <see cref="Add"/>.
        /// </remarks>
        public int Offer(double[] scores, byte[] seen, int start, int docBase, MatchedDocs? matched)
        {
            var count = 0;
            ref var seen0 = ref MemoryMarshal.GetArrayDataReference(seen);
            for (var w = 0; w < seen.Length >> 6; w++)
            {
                var first = w << 6;
                var word = Marks(ref Unsafe.Add(ref seen0, first));
                if (word == 0)
                {
                    continue;
                }

                seen.AsSpan(first, 64).Clear();
                count += BitOperations.PopCount(word);
                matched?.AddRun(docBase + start + first, word);
                var candidates = _count < size ? word : word & Above(scores, first, _items[0].Score);
                while (candidates != 0)
                {
                    var at = first + BitOperations.TrailingZeroCount(candidates);
                    candidates &= candidates - 1;
                    Add((float)scores[at], docBase + start + at);
                }

                scores.AsSpan(first, 64).Clear();
            }

            return count;
        }

        /// <summary>The 64 marks from <paramref name="marks"/> on as a bit word (bit i set when mark i is not 0).</summary>
        private static ulong Marks(ref byte marks)
        {
            var low = Vector256.LoadUnsafe(ref marks);
            var high = Vector256.LoadUnsafe(ref marks, 32);
            return ~(Vector256.Equals(low, Vector256<byte>.Zero).ExtractMostSignificantBits()
                | ((ulong)Vector256.Equals(high, Vector256<byte>.Zero).ExtractMostSignificantBits() << 32));
        }

        /// <summary>Bit i set when scores[first + i] &gt; <paramref name="bound"/> (as a double), for 64 scores.</summary>
        private static ulong Above(double[] scores, int first, float bound)
        {
            var limit = Vector256.Create((double)bound);
            ref var score0 = ref MemoryMarshal.GetArrayDataReference(scores);
            ulong bits = 0;
            for (var i = 0; i < 64; i += Vector256<double>.Count)
            {
                var above = Vector256.GreaterThan(Vector256.LoadUnsafe(ref score0, (nuint)(first + i)), limit);
                bits |= (ulong)above.ExtractMostSignificantBits() << i;
            }

            return bits;
        }

        private void Add(float score, int doc)
        {
            if (_count < size)
            {
                Grow();
                _items[_count] = new ScoreDoc(doc, score);
                UpHeap(_count++);
                return;
            }

            // Full: only a strictly higher score beats the root (a tie has the higher doc, so it loses).
            if (score <= _items[0].Score)
            {
                return;
            }

            _items[0].Doc = doc;
            _items[0].Score = score;
            DownHeap(0);
        }

        public TopDocs ToTopDocs(int total, int depth)
        {
            var hits = _items.AsSpan(0, _count).ToArray();
            Array.Sort(hits, (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Doc.CompareTo(b.Doc));
            if (hits.Length > depth)
            {
                hits = hits[..depth];
            }

            return new TopDocs(total, hits, hits.Length > 0 ? hits[0].Score : float.NaN);
        }

        private void Grow()
        {
            if (_count < _items.Length)
            {
                return;
            }

            var grown = _items.Length == 0 ? _heap : new ScoreDoc[Math.Min(size, _items.Length * 2)];
            _items.AsSpan().CopyTo(grown);
            _items = grown;
        }

        // a is worse than b: lower score, or the same score and a higher doc.
        private static bool Worse(ScoreDoc a, ScoreDoc b) => a.Score < b.Score || (a.Score == b.Score && a.Doc > b.Doc);

        private void UpHeap(int i)
        {
            var item = _items[i];
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (!Worse(item, _items[parent]))
                {
                    break;
                }

                _items[i] = _items[parent];
                i = parent;
            }

            _items[i] = item;
        }

        private void DownHeap(int i)
        {
            var item = _items[i];
            while (true)
            {
                var child = (2 * i) + 1;
                if (child >= _count)
                {
                    break;
                }

                if (child + 1 < _count && Worse(_items[child + 1], _items[child]))
                {
                    child++;
                }

                if (!Worse(_items[child], item))
                {
                    break;
                }

                _items[i] = _items[child];
                i = child;
            }

            _items[i] = item;
        }
    }
}
