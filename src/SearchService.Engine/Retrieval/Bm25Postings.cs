using Lucene.Net.Index;
using Lucene.Net.Search;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// The clauses of a <see cref="TermDisjunction"/> scored straight from their postings with
/// the arithmetic of a <see cref="IDirectBm25Scoring"/> similarity (the engine's <c>Ranking.ExactLengthBm25Similarity</c>): per posting a <c>DocsEnum</c> step, the length from a
/// per-segment array (<see cref="FieldLengths"/>) and <see cref="Bm25Constants.Score"/> — where a <c>TermScorer</c>
/// went through three virtual calls and a packed-int norms decode. The scores are the ones <c>TermScorer</c> computes:
/// the weights are computed and normalized as <c>IndexSearcher.CreateNormalizedWeight</c> does for a top-level
/// <c>TermQuery</c> built without term states (as the engine's plain queries are), the postings are the ones
/// <c>TermWeight</c> reads (live documents only, with frequencies), and both score through the same function.
/// </summary>
internal sealed class Bm25Postings
{
    private readonly Term[] _terms;
    private readonly TermContext[] _contexts;
    private readonly Bm25Constants[] _constants;
    private readonly FieldTerms _enums;
    private readonly bool _readInPlace;

    // Per segment: each clause's postings (null once exhausted or absent), its current doc, the lengths of its field.
    private readonly DocsEnum?[] _docs;
    private readonly int[] _current;
    private readonly float[]?[] _lengths;

    // Per segment: whether the clause's postings are read in place (BlockPostings) rather than through NextDoc/Freq.
    private readonly bool[] _inPlace;

    private Bm25Postings(Term[] terms, TermContext[] contexts, Bm25Constants[] constants, FieldTerms enums, bool readInPlace)
    {
        _readInPlace = readInPlace;
        _terms = terms;
        _enums = enums;
        _contexts = contexts;
        _constants = constants;
        _docs = new DocsEnum?[terms.Length];
        _current = new int[terms.Length];
        _lengths = new float[]?[terms.Length];
        _inPlace = new bool[terms.Length];
    }

    /// <summary>The clauses' postings and weights over <paramref name="searcher"/>'s reader.</summary>
    /// <param name="readInPlace">
    /// Whether postings the default codec wrote are walked in place (<see cref="BlockPostings"/>); false keeps every
    /// clause on <c>NextDoc</c>/<c>Freq</c> (tests and benchmarks compare the two).
    /// </param>
    public static Bm25Postings Weigh(IndexSearcher searcher, IDirectBm25Scoring similarity, TermQuery[] clauses, bool readInPlace = true)
    {
        var top = searcher.TopReaderContext;
        var terms = new Term[clauses.Length];
        var contexts = new TermContext[clauses.Length];
        var constants = new Bm25Constants[clauses.Length];
        var fields = new Dictionary<string, CollectionStatistics>(StringComparer.Ordinal);
        var enums = new FieldTerms(searcher.IndexReader.Leaves.Count);
        for (var i = 0; i < clauses.Length; i++)
        {
            var term = terms[i] = clauses[i].Term;
            contexts[i] = Look(top, term, enums);
            if (!fields.TryGetValue(term.Field, out var collection))
            {
                fields[term.Field] = collection = searcher.CollectionStatistics(term.Field);
            }

            constants[i] = similarity.Constants(clauses[i].Boost, collection, searcher.TermStatistics(term, contexts[i]));
        }

        return new Bm25Postings(terms, contexts, constants, enums, readInPlace);
    }

    /// <summary>
    /// As <c>TermContext.Build</c>: the term's state in every segment that has it, with the summed statistics; one
    /// terms enumerator per field and segment serves all the query's terms in it.
    /// </summary>
    private static TermContext Look(IndexReaderContext top, Term term, FieldTerms enums)
    {
        var context = new TermContext(top);
        foreach (var leaf in top.Leaves)
        {
            var terms = enums.Of(leaf, term.Field);
            if (terms is not null && terms.SeekExact(term.Bytes))
            {
                context.Register(terms.GetTermState(), leaf.Ord, terms.DocFreq, terms.TotalTermFreq);
            }
        }

        return context;
    }

    /// <summary>Positions every clause on its first live posting in <paramref name="leaf"/>; the number of clauses with any.</summary>
    public int Open(AtomicReaderContext leaf)
    {
        var reader = leaf.AtomicReader;
        var live = 0;
        for (var i = 0; i < _terms.Length; i++)
        {
            _docs[i] = null;
            var state = _contexts[i].Get(leaf.Ord);
            if (state is null)
            {
                continue;
            }

            // The enumerator that found the state; seeking it by the state reads nothing more.
            var field = _terms[i].Field;
            var terms = _enums.Of(leaf, field);
            if (terms is null)
            {
                continue;
            }

            terms.SeekExact(_terms[i].Bytes, state);
            var docs = terms.Docs(reader.LiveDocs, null, DocsFlags.FREQS);
            var first = docs?.NextDoc() ?? DocIdSetIterator.NO_MORE_DOCS;
            if (first == DocIdSetIterator.NO_MORE_DOCS)
            {
                continue;
            }

            // Read in place from here on, the first posting is handed back to be scored by the block walk.
            _inPlace[i] = _readInPlace && BlockPostings.CanRead(docs!);
            if (_inPlace[i])
            {
                BlockPostings.Unread(docs!);
            }

            _docs[i] = docs;
            _current[i] = first;
            _lengths[i] = FieldLengths.Of(reader, field);
            live++;
        }

        return live;
    }

    /// <summary>How many clauses of the segment last opened are read in place (<see cref="BlockPostings"/>).</summary>
    public int InPlaceClauses
    {
        get
        {
            var count = 0;
            for (var i = 0; i < _docs.Length; i++)
            {
                count += _docs[i] is not null && _inPlace[i] ? 1 : 0;
            }

            return count;
        }
    }

    /// <summary>
    /// Adds every clause's scores of documents in [start, end) into <paramref name="scores"/> (zero where
    /// <paramref name="seen"/> is 0) and marks them there (1); false when no clause has postings left.
    /// </summary>
    public bool ScoreWindow(int start, int end, double[] scores, byte[] seen)
    {
        var any = false;

        // The last clause first, as BooleanScorer adds them (TermDisjunction's remarks): the double sums are the same.
        // A document's first score is added to 0.0, which gives that score exactly.
        for (var i = _docs.Length - 1; i >= 0; i--)
        {
            var docs = _docs[i];
            if (docs is null)
            {
                continue;
            }

            var constants = _constants[i];
            var lengths = _lengths[i]!;
            var doc = _current[i];
            if (_inPlace[i] && doc < end)
            {
                doc = BlockPostings.ScoreUpTo(docs, start, end, constants, lengths, scores, seen);
            }

            while (doc < end)
            {
                float freq = docs.Freq;
                var score = constants.Score(freq, lengths[doc]);
                var at = doc - start;
                seen[at] = 1;
                scores[at] += score;
                doc = docs.NextDoc();
            }

            any = true;
            _current[i] = doc;
            if (doc == DocIdSetIterator.NO_MORE_DOCS)
            {
                _docs[i] = null;
            }
        }

        return any;
    }

    /// <summary>One terms enumerator per (segment, field), created on first use.</summary>
    private sealed class FieldTerms(int segments)
    {
        private readonly Dictionary<string, TermsEnum?[]> _byField = new(StringComparer.Ordinal);

        public TermsEnum? Of(AtomicReaderContext leaf, string field)
        {
            if (!_byField.TryGetValue(field, out var bySegment))
            {
                _byField[field] = bySegment = new TermsEnum?[segments];
            }

            return bySegment[leaf.Ord] ??= leaf.AtomicReader.GetTerms(field)?.GetEnumerator();
        }
    }
}
