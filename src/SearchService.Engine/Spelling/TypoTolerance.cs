using Lucene.Net.Index;
using Lucene.Net.Search;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Spelling;

/// <summary>A plain query after typo tolerance: the query searched, and the corrected text when a word was corrected.</summary>
/// <param name="DidYouMean">The typed query with each corrected word replaced by its best correction; null when nothing was corrected.</param>
public sealed record TolerantQuery(LexicalQuery Lexical, string? DidYouMean, IReadOnlyList<Correction> Corrections);

/// <summary>
/// Typo tolerance for plain queries. It fires only when the query as typed matches no passage (within the request's
/// filters), as Typesense's default <c>typo_tokens_threshold</c> of 1 does: correcting whenever a word is absent also
/// "corrected" real words the corpus happens not to use ("price" → "prime", "plant" → "plan") in queries that matched
/// plenty, and cost the dev set nDCG@10 (lexical 0.745 → 0.744, hybrid 0.780 → 0.772). Only a word whose analyzed
/// term is in no searchable field of the index is corrected, and only words of 4 characters or more: 1 edit
/// for 4–7 characters, 2 for longer (Damerau-Levenshtein, a swap is one edit). Candidates come from the index's own
/// vocabulary of folded, unstemmed words (<c>IndexFields.Words</c>, analyzed as the query is), closest first, then most
/// frequent. Each correction adds its term to the query at a fraction of the typed word's weight (
/// <see cref="FuzzyWeight"/> / edits), so a passage matching a typed word outweighs one matching only a correction of
/// an equally rare word (which matters when several words are corrected). Expansion is bounded like the query-cost limits: a few words, a few variants each, a few
/// hundred vocabulary terms inspected per word.
/// </summary>
public static class TypoTolerance
{
    public const int MinLength = 4;
    public const int LongWord = 8;
    public const int MaxCorrectedWords = 5;
    public const int MaxVariantsPerWord = 3;
    public const int MaxInspectedPerWord = 256;
    public const float FuzzyWeight = 0.5f;

    /// <summary>The query with corrections for words the index does not know, or the query unchanged.</summary>
    /// <param name="filter">The request's filters: the typed query is tried within them before anything is corrected.</param>
    public static TolerantQuery Apply(IndexSearcher searcher, SearchAnalyzer analyzer, RankingOptions ranking, string text, LexicalQuery lexical, IReadOnlySet<string>? fields = null, Filtering.SearchFilter? filter = null)
    {
        // Cheapest test first: corrections are only for terms in no searchable field, and only used when the typed
        // query matches nothing. Searching the vocabulary (Levenshtein automata) for every unknown word of a query
        // that matches anyway was 80 % of a BEIR query's time (docs/benchmarks.md, "Fixed per-query cost").
        var unknown = UnknownTerms(searcher.IndexReader, lexical);
        if (unknown.Count == 0 || MatchesAny(searcher, lexical.Query, filter))
        {
            return new TolerantQuery(lexical, null, []);
        }

        var reader = searcher.IndexReader;
        var vocabulary = MultiFields.GetTerms(reader, IndexFields.Words);
        if (vocabulary is null)
        {
            return new TolerantQuery(lexical, null, []);
        }

        var corrections = ChooseCorrections(analyzer, text, unknown, word => FuzzyVocabulary(vocabulary, word.Word, word.MaxEdits), term => InIndex(reader, term));
        return WithCorrections(ranking, text, lexical, corrections, fields);
    }

    /// <summary>
    /// The query with each correction's variants added as SHOULD clauses (at <see cref="FuzzyWeight"/> / edits of the
    /// typed word's weight); unchanged when there are none. A cluster shard rebuilds the coordinator's corrected query with it.
    /// </summary>
    public static TolerantQuery WithCorrections(RankingOptions ranking, string text, LexicalQuery lexical, IReadOnlyList<Correction> corrections, IReadOnlySet<string>? fields = null)
    {
        if (corrections.Count == 0)
        {
            return new TolerantQuery(lexical, null, []);
        }

        var query = new BooleanQuery();
        if (lexical.Query is BooleanQuery typed)
        {
            foreach (var clause in typed.Clauses)
            {
                query.Add(clause);
            }
        }

        var terms = new HashSet<string>(lexical.Terms, StringComparer.Ordinal);
        foreach (var correction in corrections)
        {
            foreach (var variant in correction.Variants)
            {
                var weight = FuzzyWeight / variant.Edits;
                AddClause(query, fields, IndexFields.Text, variant.Term, weight);
                AddClause(query, fields, IndexFields.Title, variant.Term, weight * ranking.TitleBoost);
                AddClause(query, fields, IndexFields.Section, variant.Term, weight * ranking.SectionBoost);
                terms.Add(variant.Term);
            }
        }

        return new TolerantQuery(lexical with { Query = query, Terms = terms }, DidYouMean(text, corrections), corrections);
    }

    /// <summary>Whether the typed query matches a passage within the filters (a cluster shard answers it for its own passages).</summary>
    public static bool MatchesAny(IndexSearcher searcher, Query? typed, Filtering.SearchFilter? filter)
    {
        if (typed is null)
        {
            return false;
        }

        if (AnyClauseInIndex(searcher.IndexReader, typed, filter))
        {
            return true;
        }

        var count = new TotalHitCountCollector();
        searcher.Search(Filtering.FilterQuery.Restrict(typed, filter), count);
        return count.TotalHits > 0;
    }

    /// <summary>
    /// True when a term clause of an unfiltered flat OR query has a document in an index without deletions: its field
    /// is on passage records only, so a live passage matches, and no count search is needed. False means "not known
    /// without searching".
    /// </summary>
    private static bool AnyClauseInIndex(IndexReader reader, Query typed, Filtering.SearchFilter? filter)
    {
        if (filter is { IsEmpty: false } || reader.HasDeletions || typed is not BooleanQuery flat)
        {
            return false;
        }

        foreach (var clause in flat.Clauses)
        {
            if (clause.Occur != Occur.SHOULD || clause.Query is not TermQuery termQuery)
            {
                return false;
            }
        }

        foreach (var clause in flat.Clauses)
        {
            if (reader.DocFreq(((TermQuery)clause.Query).Term) > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The query's analysed terms that are in no searchable field of the index: the only ones a correction is looked for.</summary>
    public static HashSet<string> UnknownTerms(IndexReader reader, LexicalQuery lexical)
    {
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (term, _) in lexical.TermCounts)
        {
            unknown.Add(term);
        }

        // One terms enum per segment and field, sought for every term (reader.DocFreq would create one per term).
        var bytes = new Lucene.Net.Util.BytesRef();
        foreach (var leaf in reader.Leaves)
        {
            foreach (var field in IndexFields.Searchable)
            {
                if (unknown.Count == 0)
                {
                    return unknown;
                }

                var terms = leaf.AtomicReader.GetTerms(field);
                if (terms is null)
                {
                    continue;
                }

                var iterator = terms.GetEnumerator();
                unknown.RemoveWhere(term =>
                {
                    bytes.CopyChars(term);
                    return iterator.SeekExact(bytes) && iterator.DocFreq > 0;
                });
            }
        }

        return unknown;
    }

    /// <summary>The edits allowed for a word of this many characters: none under 4, 1 up to 7, 2 from 8.</summary>
    public static int MaxEdits(int length) => length < MinLength ? 0 : length < LongWord ? 1 : 2;

    /// <summary>
    /// The typed words a correction is looked for, in query order: 4 characters or more, a single analyzed term, and
    /// that term in <paramref name="unknown"/>.
    /// </summary>
    public static IReadOnlyList<TypedWord> CorrectableWords(SearchAnalyzer analyzer, string text, IReadOnlySet<string> unknown)
    {
        var words = new List<TypedWord>();
        foreach (var word in TokenStreamReader.Tokens(analyzer, IndexFields.Words, text))
        {
            var edits = MaxEdits(word.Term.Length);
            if (edits == 0 || AnalyzedTerm(analyzer, text[word.Start..word.End]) is not { } term
                || !unknown.Contains(term))
            {
                // Too short, a stop word, joined into a compound with its neighbour, or known: searched as typed.
                continue;
            }

            words.Add(new TypedWord(word.Start, word.End, word.Term, edits));
        }

        return words;
    }

    /// <summary>
    /// The vocabulary terms the Levenshtein automaton of <paramref name="word"/> finds, in term order, with their
    /// document frequencies: the first <see cref="MaxInspectedPerWord"/>, before any is judged. Over disjoint shards, the
    /// first <see cref="MaxInspectedPerWord"/> of the merged lists (frequencies summed) are exactly one index's.
    /// </summary>
    public static IReadOnlyList<VocabularyWord> FuzzyVocabulary(Terms vocabulary, string word, int maxEdits)
    {
        var found = new List<VocabularyWord>();
        var fuzzy = new FuzzyTermsEnum(vocabulary, new Lucene.Net.Util.AttributeSource(), new Term(IndexFields.Words, word), maxEdits, 0, true);
        for (var inspected = 0; inspected < MaxInspectedPerWord && fuzzy.MoveNext(); inspected++)
        {
            found.Add(new VocabularyWord(fuzzy.Term.Utf8ToString(), fuzzy.DocFreq));
        }

        return found;
    }

    /// <summary>
    /// The corrections of the unknown words (at most <see cref="MaxCorrectedWords"/>), from each word's inspected
    /// vocabulary (<paramref name="vocabulary"/>, as <see cref="FuzzyVocabulary"/> gives it) and whether an analyzed
    /// term is in a searchable field (<paramref name="inIndex"/>): one node reads both from its index, a cluster from
    /// the shards' summed answers; the choice is this one.
    /// </summary>
    public static List<Correction> ChooseCorrections(SearchAnalyzer analyzer, string text, IReadOnlySet<string> unknown, Func<TypedWord, IReadOnlyList<VocabularyWord>> vocabulary, Func<string, bool> inIndex)
    {
        var corrections = new List<Correction>();
        foreach (var word in CorrectableWords(analyzer, text, unknown))
        {
            if (corrections.Count == MaxCorrectedWords)
            {
                break;
            }

            var variants = Candidates(vocabulary(word), word.Word, word.MaxEdits)
                .Select(c => (c.Word, c.Edits, c.Frequency, Term: AnalyzedTerm(analyzer, c.Word)))
                .Where(c => c.Term is not null && inIndex(c.Term))
                .DistinctBy(c => c.Term)
                .Take(MaxVariantsPerWord)
                .Select(c => new Variant(c.Word, c.Term!, c.Edits))
                .ToList();
            if (variants.Count > 0)
            {
                corrections.Add(new Correction(word.Start, word.End, text[word.Start..word.End], variants));
            }
        }

        return corrections;
    }

    /// <summary>The inspected vocabulary words within <paramref name="maxEdits"/> of <paramref name="word"/>, closest first, then most frequent, then alphabetical.</summary>
    private static List<(string Word, int Edits, int Frequency)> Candidates(IReadOnlyList<VocabularyWord> inspected, string word, int maxEdits)
    {
        var found = new List<(string Word, int Edits, int Frequency)>();
        foreach (var candidate in inspected.Take(MaxInspectedPerWord))
        {
            var edits = EditDistance.DamerauLevenshtein(word, candidate.Word);
            if (edits > 0 && edits <= maxEdits)
            {
                found.Add((candidate.Word, edits, candidate.DocFreq));
            }
        }

        return found.OrderBy(c => c.Edits).ThenByDescending(c => c.Frequency).ThenBy(c => c.Word, StringComparer.Ordinal).ToList();
    }

    /// <summary>The single term the search analyzer makes of a word; null for a stop word or a word that splits.</summary>
    public static string? AnalyzedTerm(SearchAnalyzer analyzer, string word)
    {
        var tokens = TokenStreamReader.Tokens(analyzer, IndexFields.Text, word);
        return tokens.Count == 1 ? tokens[0].Term : null;
    }

    /// <summary>Whether the analyzed term is in a searchable field of the index.</summary>
    public static bool InIndex(IndexReader reader, string term) =>
        IndexFields.Searchable.Any(field => reader.DocFreq(new Term(field, term)) > 0);

    /// <summary>The typed query with each corrected word replaced by its best correction.</summary>
    public static string DidYouMean(string text, IReadOnlyList<Correction> corrections)
    {
        var builder = new System.Text.StringBuilder(text.Length + 16);
        var at = 0;
        foreach (var correction in corrections.OrderBy(c => c.Start))
        {
            builder.Append(text, at, correction.Start - at).Append(correction.Variants[0].Word);
            at = correction.End;
        }

        return builder.Append(text, at, text.Length - at).ToString().Trim();
    }

    private static void AddClause(BooleanQuery query, IReadOnlySet<string>? fields, string field, string term, float boost)
    {
        if (boost > 0 && (fields is null || fields.Contains(field)))
        {
            query.Add(new TermQuery(new Term(field, term)) { Boost = boost }, Occur.SHOULD);
        }
    }
}

/// <summary>A typed word (UTF-16 span of the query) the index does not know, and the words searched instead, best first.</summary>
public sealed record Correction(int Start, int End, string Typed, IReadOnlyList<Variant> Variants);

/// <summary>A vocabulary word close to a typed one: the word, its analyzed term, and the edits between them.</summary>
public sealed record Variant(string Word, string Term, int Edits);

/// <summary>A typed word a correction is looked for: its UTF-16 span, its folded form (the vocabulary's), and the edits allowed.</summary>
public sealed record TypedWord(int Start, int End, string Word, int MaxEdits);

/// <summary>A word of the vocabulary (<c>IndexFields.Words</c>) and the number of documents holding it.</summary>
public sealed record VocabularyWord(string Word, int DocFreq);
