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
            var words = TokenStreamReader.Tokens(index.Analyzer, IndexFields.Words, request.Query);
            var completing = words.Count > 0 && words[^1].End == request.Query.TrimEnd().Length && !char.IsWhiteSpace(request.Query[^1]);
            if (words.Count == 0)
            {
                return new SuggestResponse([]);
            }

            var titles = Titles(searcher, words.Select(w => w.Term).ToList(), completing, request.K);
            var typed = request.Query[..words[^1].Start];
            var terms = completing
                ? Completions(searcher.IndexReader, words[^1].Term, request.K - Math.Min(titles.Count, request.K / 2))
                    .Select(term => new Suggestion(typed + term, SuggestionKind.Term))
                : [];
            return new SuggestResponse(terms.Concat(titles).Take(request.K).ToList());
        });
    }

    /// <summary>Indexed words starting with <paramref name="prefix"/>, most frequent first (ties alphabetical).</summary>
    private static List<string> Completions(IndexReader reader, string prefix, int k)
    {
        var vocabulary = MultiFields.GetTerms(reader, IndexFields.Words);
        if (vocabulary is null || k <= 0)
        {
            return [];
        }

        var start = new BytesRef(prefix);
        var terms = vocabulary.GetEnumerator();
        if (terms.SeekCeil(start) == TermsEnum.SeekStatus.END)
        {
            return [];
        }

        // A bounded min-heap by (frequency, reverse alphabetical) keeps the k best without sorting every match.
        var best = new PriorityQueue<string, (int Frequency, string Word)>(k + 1, Comparer<(int Frequency, string Word)>.Create(
            (a, b) => a.Frequency != b.Frequency ? a.Frequency.CompareTo(b.Frequency) : string.CompareOrdinal(b.Word, a.Word)));
        var scanned = 0;
        do
        {
            if (!StringHelper.StartsWith(terms.Term, start))
            {
                break;
            }

            var word = terms.Term.Utf8ToString();
            best.Enqueue(word, (terms.DocFreq, word));
            if (best.Count > k)
            {
                best.Dequeue();
            }
        }
        while (++scanned < MaxScannedTerms && terms.MoveNext());

        var result = new List<string>(best.Count);
        while (best.Count > 0)
        {
            result.Add(best.Dequeue());
        }

        result.Reverse();
        return result;
    }

    /// <summary>Titles holding every typed word, the last one as a prefix while it is being typed.</summary>
    private static List<Suggestion> Titles(IndexSearcher searcher, IReadOnlyList<string> words, bool completing, int k)
    {
        var query = new BooleanQuery();
        for (var i = 0; i < words.Count; i++)
        {
            var term = new Term(IndexFields.TitleWords, words[i]);
            query.Add(i == words.Count - 1 && completing ? new PrefixQuery(term) : new TermQuery(term), Occur.MUST);
        }

        return searcher.Search(query, k).ScoreDocs
            .Select(hit => LuceneDocumentMapper.ReadMetadata(searcher.Doc(hit.Doc)))
            .Select(document => new Suggestion(document.Title, SuggestionKind.Title, document.DocumentId))
            .ToList();
    }
}
