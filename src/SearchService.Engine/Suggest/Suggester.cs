using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Suggest;

/// <summary>
/// Search-as-you-type: completes the last word typed from the index's vocabulary of folded, unstemmed words (most
/// frequent first, by the number of passages holding them), and lists document titles holding the typed words. Both
/// read the term dictionary directly (a seek and a bounded scan; a prefix query over title words), so the cost does
/// not grow with the number of passages a word occurs in.
/// </summary>
public sealed class Suggester(IndexHandle handle)
{
    /// <summary>Vocabulary terms read past the prefix at most: a one-letter prefix must not scan the whole dictionary.</summary>
    public const int MaxScannedTerms = 4096;

    public SuggestResponse Suggest(SuggestRequest request)
    {
        var index = handle.Current;
        return index.Read(searcher =>
        {
            if (Typed.Of(index.Analyzer, request.Query) is not { } typed)
            {
                return new SuggestResponse([]);
            }

            var titles = searcher.Search(TitleQuery(typed), request.K).ScoreDocs.Select(hit => TitleOf(searcher, hit.Doc)).ToList();
            var completions = typed.Completing ? CompletionCandidates(searcher.IndexReader, typed.Words[^1]) : [];
            return Compose(typed, completions, titles, request.K);
        });
    }

    /// <summary>
    /// What was typed, as suggestions read it: the analyzed words, whether the last is still being typed (no space
    /// after it), and the text before it (a completion replaces the last word).
    /// </summary>
    public sealed record Typed(IReadOnlyList<string> Words, bool Completing, string Before)
    {
        /// <summary>The typed words of <paramref name="query"/>; null when no word survives analysis.</summary>
        public static Typed? Of(Lucene.Net.Analysis.Analyzer analyzer, string query)
        {
            var words = TokenStreamReader.Tokens(analyzer, IndexFields.Words, query);
            if (words.Count == 0)
            {
                return null;
            }

            var completing = words[^1].End == query.TrimEnd().Length && !char.IsWhiteSpace(query[^1]);
            return new Typed(words.Select(w => w.Term).ToList(), completing, query[..words[^1].Start]);
        }
    }

    /// <summary>
    /// The response from the completion candidates (each word with its passage count, as <see cref="CompletionCandidates"/>
    /// lists them) and the titles (best first): the best completions fill what the titles leave (titles take up to half).
    /// A cluster calls this with its shards' candidates summed and titles merged.
    /// </summary>
    public static SuggestResponse Compose(Typed typed, IEnumerable<(string Word, int Frequency)> completions, IReadOnlyList<Suggestion> titles, int k)
    {
        var terms = typed.Completing
            ? Best(completions, k - Math.Min(titles.Count, k / 2)).Select(term => new Suggestion(typed.Before + term, SuggestionKind.Term))
            : [];
        return new SuggestResponse(terms.Concat(titles).Take(k).ToList());
    }

    /// <summary>
    /// The indexed words starting with <paramref name="prefix"/> in the term dictionary's order, each with the number
    /// of passages holding it: at most <see cref="MaxScannedTerms"/> (a one-letter prefix must not scan the dictionary).
    /// </summary>
    public static IReadOnlyList<(string Word, int Frequency)> CompletionCandidates(IndexReader reader, string prefix)
    {
        var vocabulary = MultiFields.GetTerms(reader, IndexFields.Words);
        if (vocabulary is null)
        {
            return [];
        }

        var start = new BytesRef(prefix);
        var terms = vocabulary.GetEnumerator();
        if (terms.SeekCeil(start) == TermsEnum.SeekStatus.END)
        {
            return [];
        }

        var candidates = new List<(string Word, int Frequency)>();
        do
        {
            if (!StringHelper.StartsWith(terms.Term, start))
            {
                break;
            }

            candidates.Add((terms.Term.Utf8ToString(), terms.DocFreq));
        }
        while (candidates.Count < MaxScannedTerms && terms.MoveNext());

        return candidates;
    }

    /// <summary>Titles holding every typed word, the last one as a prefix while it is being typed.</summary>
    public static Query TitleQuery(Typed typed)
    {
        var query = new BooleanQuery();
        for (var i = 0; i < typed.Words.Count; i++)
        {
            var term = new Term(IndexFields.TitleWords, typed.Words[i]);
            query.Add(i == typed.Words.Count - 1 && typed.Completing ? new PrefixQuery(term) : new TermQuery(term), Occur.MUST);
        }

        return query;
    }

    /// <summary>The title suggestion of a record a <see cref="TitleQuery"/> found.</summary>
    public static Suggestion TitleOf(IndexSearcher searcher, int doc)
    {
        var document = LuceneDocumentMapper.ReadMetadata(searcher.Doc(doc));
        return new Suggestion(document.Title, SuggestionKind.Title, document.DocumentId);
    }

    /// <summary>The <paramref name="k"/> most frequent candidates, most frequent first (ties alphabetical).</summary>
    private static List<string> Best(IEnumerable<(string Word, int Frequency)> candidates, int k)
    {
        if (k <= 0)
        {
            return [];
        }

        // A bounded min-heap by (frequency, reverse alphabetical) keeps the k best without sorting every match.
        var best = new PriorityQueue<string, (int Frequency, string Word)>(k + 1, Comparer<(int Frequency, string Word)>.Create(
            (a, b) => a.Frequency != b.Frequency ? a.Frequency.CompareTo(b.Frequency) : string.CompareOrdinal(b.Word, a.Word)));
        foreach (var (word, frequency) in candidates)
        {
            best.Enqueue(word, (frequency, word));
            if (best.Count > k)
            {
                best.Dequeue();
            }
        }

        var result = new List<string>(best.Count);
        while (best.Count > 0)
        {
            result.Add(best.Dequeue());
        }

        result.Reverse();
        return result;
    }
}
