using System.Diagnostics;
using Lucene.Net.Search;
using SearchService.Engine.Facets;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Ranking;
using SearchService.Engine.Ranking.Learned;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Sorting;
using SearchService.Engine.Telemetry;

namespace SearchService.Engine;

/// <summary>
/// Runs validated search requests against one searcher of the current generation: the request's query is analysed
/// once (<see cref="AnalyzedQuery"/>), ranked by the strategy of its mode (<see cref="IRankingStrategy"/>: lexical,
/// semantic, hybrid or learned), and the page's hits are loaded from that same searcher.
/// </summary>
public sealed class SearchEngine(IndexHandle handle, SearchOptions options, LearnedModel? learned = null)
{
    private readonly RankingStrategies _strategies = new(options, new RankingFeatures(handle, options), learned);

    /// <summary>A page of hits with text, snippets, highlights and citations.</summary>
    public SearchResponse Search(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var index = handle.Current;
        return index.Read(searcher => Search(searcher, index, request, cancellationToken));
    }

    /// <summary>
    /// As <see cref="Search(SearchRequest, CancellationToken)"/>, on a searcher of <paramref name="index"/> the caller
    /// holds, so a caller that reads more after the search (answers) reads the same snapshot.
    /// </summary>
    public SearchResponse Search(ServingSearcher searcher, LuceneIndex index, SearchRequest request, CancellationToken cancellationToken = default)
    {
        using var span = SearchTelemetry.StartSearch(request);
        var clock = Stopwatch.StartNew();
        var strategy = _strategies.For(request.Mode, request.Syntax);
        var deadline = new QueryDeadline(options.QueryLimits.TimeBudget, cancellationToken);
        var notes = strategy.Check(searcher);
        var query = AnalyzedQuery.Of(searcher, index, options, request.Query, request.Syntax, expand: true)
            .Tolerant(searcher, index, options, request.Filter)
            .Filtered(searcher, request.Filter);

        // Date order needs every match ranked (date ties keep relevance order), not just the first pages. Learned mode
        // re-ranks one fixed pool on every page, so its total and its order are the same whichever page is asked for.
        var needed = request.Mode == SearchMode.Learned ? RankingFeatures.CandidateDepth
            : request.Sort == SortOrder.Relevance ? request.Offset + request.K
            : searcher.IndexReader.MaxDoc;
        var ranked = strategy.Rank(searcher, index, query, needed, deadline);
        var ordered = DateSort.Apply(searcher, ranked.Candidates, c => c.Doc, request.Sort);
        var facets = request.Facets is { Count: > 0 } fields ? FacetCounter.Count(searcher, MatchSet.Of(searcher, ranked), fields) : null;
        using var highlight = SearchTelemetry.Start("highlight");
        var page = ordered.Skip(request.Offset).Take(request.K).ToList();
        var explained = request.Explain ? Explain(ranked, ordered, request) : null;
        var hits = ToHits(searcher, index, page, request.Offset + 1, query.Terms, explained);
        return new SearchResponse(request.Query, ranked.Total, clock.Elapsed.TotalMilliseconds, hits, ranked.Mode, notes is not null, notes, facets, query.DidYouMean);
    }

    /// <summary>The top <paramref name="depth"/> passage ids and scores, loading nothing else (for evaluation).</summary>
    public Retrieval.Ranking Rank(string queryText, int depth, SearchMode mode = SearchMode.Lexical, QuerySyntax syntax = QuerySyntax.Plain)
    {
        var strategy = _strategies.For(mode, syntax);
        var index = handle.Current;
        return index.Read(searcher =>
        {
            var query = AnalyzedQuery.Of(searcher, index, options, queryText, syntax, expand: false).Tolerant(searcher, index, options, null);
            var ranked = strategy.Rank(searcher, index, query, depth, QueryDeadline.None);
            var ids = new PassageIdReader(searcher.IndexReader);
            return new Retrieval.Ranking(ranked.Total, ranked.Candidates.Take(depth).Select(c => ids.Read(c.Doc, c.Fused)).ToList());
        });
    }

    /// <summary>The page's explanations: by position in relevance order, which a date sort reorders.</summary>
    private static IReadOnlyList<HitScores> Explain(RankedList ranked, List<Candidate> ordered, SearchRequest request)
    {
        if (request.Sort == SortOrder.Relevance)
        {
            return ranked.Explain(request.Offset, request.K);
        }

        var position = ranked.Candidates.Select((c, i) => (c.Doc, i)).ToDictionary(p => p.Doc, p => p.i);
        return ordered.Skip(request.Offset).Take(request.K).Select(c => ranked.Explain(position[c.Doc], 1)[0]).ToList();
    }

    /// <summary>A hit with its text, snippet, highlights and citation (cluster shards load their hits with it too).</summary>
    internal static SearchHit ToHit(IndexSearcher searcher, LuceneIndex index, Candidate candidate, int rank, IReadOnlySet<string> terms, HitScores? explained) =>
        ToHits(searcher, index, [candidate], rank, terms, explained is null ? null : [explained])[0];

    /// <summary>
    /// A page's hits with their text, snippets, highlights and citations: each hit's two stored JSON fields and nothing
    /// else, and the highlights of the whole page from the postings' offsets in one pass (the analyser only for an
    /// index without them).
    /// </summary>
    private static List<SearchHit> ToHits(IndexSearcher searcher, LuceneIndex index, IReadOnlyList<Candidate> page, int firstRank, IReadOnlySet<string> terms, IReadOnlyList<HitScores>? explained)
    {
        var docs = new int[page.Count];
        var passages = new Passage[page.Count];
        var metadata = new DocumentMetadata[page.Count];
        var texts = new string[page.Count];
        for (var i = 0; i < page.Count; i++)
        {
            docs[i] = page[i].Doc;
            (passages[i], metadata[i]) = LuceneDocumentMapper.ReadHit(searcher.IndexReader, docs[i]);
            texts[i] = passages[i].Text;
        }

        var highlighted = HighlightFinder.FromPostings(searcher.IndexReader, IndexFields.Text, docs, texts, terms);
        var hits = new List<SearchHit>(page.Count);
        for (var i = 0; i < page.Count; i++)
        {
            var passage = passages[i];
            var highlights = highlighted?[i] ?? HighlightFinder.Find(index.Analyzer, IndexFields.Text, passage.Text, terms);
            hits.Add(new SearchHit(
                firstRank + i,
                page[i].Fused,
                passage.PassageId,
                passage.Text,
                passage.Kind,
                SnippetRenderer.Render(passage.Text, highlights),
                highlights,
                Citation.Of(passage, metadata[i]),
                explained?[i]));
        }

        return hits;
    }
}
