using System.Diagnostics;
using Lucene.Net.Index;
using Lucene.Net.Search;
using SearchService.Engine.Facets;
using SearchService.Engine.Filtering;
using SearchService.Engine.Indexing;
using SearchService.Engine.Learning;
using SearchService.Engine.Sorting;
using SearchService.Engine.Telemetry;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// Runs validated search requests against one searcher of the current generation: lexical (BM25), semantic
/// (vectors) or hybrid (both, fused). Hybrid quietly answers lexically while vectors are unavailable; an explicit
/// semantic request says so instead.
/// </summary>
public sealed class SearchEngine(IndexHandle handle, SearchOptions options, LearnedModel? learned = null)
{
    private readonly RankingFeatures _features = new(handle, options);
    private readonly Fusion.SignalRetrieval _retrieval = new(options);

    /// <summary>A page of hits with text, snippets, highlights and citations.</summary>
    public SearchResponse Search(SearchRequest request, CancellationToken cancellationToken = default)
    {
        using var span = SearchTelemetry.StartSearch(request);
        var clock = Stopwatch.StartNew();
        if (request.Mode == SearchMode.Learned)
        {
            return SearchLearned(request, clock, cancellationToken);
        }

        var deadline = new QueryDeadline(options.QueryLimits.TimeBudget, cancellationToken);

        var index = handle.Current;
        var (mode, total, hits, notes, facets, didYouMean) = index.Read(searcher =>
        {
            var notes = EncoderGate.Check(searcher, request.Mode);
            var (lexical, didYouMean) = BuildTolerantQuery(searcher, index, request.Query, request.Syntax);
            var terms = lexical.Terms;
            if (request.Syntax == QuerySyntax.Lucene && lexical.Query is not null)
            {
                // Expanded once: for the highlighted terms and for the search (fuzzy expansion is the costly part).
                var expanded = searcher.Rewrite(lexical.Query);
                terms = ExtractTerms(expanded);
                lexical = lexical with { Query = expanded };
            }

            // Filters apply before ranking: the lexical query is restricted, the vector scan skips disallowed rows.
            lexical = lexical with { Query = lexical.Query is null ? null : FilterQuery.Restrict(lexical.Query, request.Filter) };
            var allowed = FilterQuery.AllowedDocs(searcher, request.Filter);

            // Date order needs every match ranked (ties keep relevance order), not just the first pages.
            var needed = request.Sort == SortOrder.Relevance ? request.Offset + request.K : searcher.IndexReader.MaxDoc;
            var outcome = _retrieval.Run(searcher, index, didYouMean ?? request.Query, lexical, request.Mode, needed, deadline, allowed, stablePages: true);
            var ordered = DateSort.Apply(searcher, outcome.Candidates, c => c.Doc, request.Sort);
            var facets = request.Facets is { Count: > 0 } fields ? FacetCounter.Count(searcher, MatchSet.Of(searcher, outcome), fields) : null;
            using var highlight = SearchTelemetry.Start("highlight");
            var page = ordered
                .Skip(request.Offset)
                .Take(request.K)
                .Select((candidate, i) => ToHit(searcher, index, candidate, request.Offset + i + 1, terms, request.Explain))
                .ToList();
            return (outcome.Mode, outcome.Total, page, notes, facets, didYouMean);
        });

        return new SearchResponse(request.Query, total, clock.Elapsed.TotalMilliseconds, hits, mode, notes is not null, notes, facets, didYouMean);
    }

    /// <summary>The top <paramref name="depth"/> passage ids and scores, loading nothing else (for evaluation).</summary>
    public Ranking Rank(string queryText, int depth, SearchMode mode = SearchMode.Lexical, QuerySyntax syntax = QuerySyntax.Plain)
    {
        if (mode == SearchMode.Learned)
        {
            var ranker = LearnedRankerFor(syntax);
            var reranked = ranker.Rerank(_features.Extract(queryText, Math.Max(depth, RankingFeatures.CandidateDepth)));
            return new Ranking(reranked.Count, reranked.Take(depth).Select(p => p.Row.Passage with { Score = p.Score }).ToList());
        }

        var index = handle.Current;
        return index.Read(searcher =>
        {
            var (lexical, didYouMean) = BuildTolerantQuery(searcher, index, queryText, syntax);
            var (_, total, candidates) = Retrieve(searcher, index, didYouMean ?? queryText, lexical, mode, depth, QueryDeadline.None);
            var ids = new PassageIdReader(searcher.IndexReader);
            return new Ranking(total, candidates.Take(depth).Select(c => ids.Read(c.Doc, c.Fused)).ToList());
        });
    }

    private SearchResponse SearchLearned(SearchRequest request, Stopwatch clock, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var ranker = LearnedRankerFor(request.Syntax);
        var index = handle.Current;
        var terms = new LexicalQueryBuilder(index.Analyzer, options.Ranking).BuildPlain(request.Query).Terms;
        var (total, hits, facets) = index.Read(searcher =>
        {
            var features = _features.Extract(searcher, index, request.Query, RankingFeatures.CandidateDepth, request.Filter);
            cancellationToken.ThrowIfCancellationRequested();
            var reranked = DateSort.Apply(searcher, ranker.Rerank(features), p => p.Row.Doc, request.Sort);
            var facets = request.Facets is { Count: > 0 } fields ? FacetCounter.Count(searcher, reranked.Select(p => p.Row.Doc).ToList(), fields) : null;
            var page = reranked.Skip(request.Offset).Take(request.K).ToList();

            // Contributions cost a pass over the trees per row, so only the explained page pays for them.
            var contributions = request.Explain ? ranker.Contributions(page.Select(p => p.Row).ToList()) : null;
            var hits = page
                .Select((p, i) =>
                {
                    var candidate = new Candidate(p.Row.Doc, p.Score, p.Row.LexicalRank is null ? null : (double?)p.Row.Passage.Score, p.Row.LexicalRank, null, null);
                    var explained = contributions is null ? null : candidate.Scores with { Features = ByFeature(p.Row.Features), Contributions = ByFeature(contributions[i]) };
                    return ToHit(searcher, index, candidate, request.Offset + i + 1, terms, request.Explain, explained);
                })
                .ToList();
            return ((long)reranked.Count, hits, facets);
        });
        return new SearchResponse(request.Query, total, clock.Elapsed.TotalMilliseconds, hits, SearchMode.Learned, Facets: facets);
    }

    /// <summary>Values in <see cref="RankingFeatures.Names"/> order, keyed by feature name.</summary>
    private static Dictionary<string, double> ByFeature(float[] values) =>
        RankingFeatures.Names.Select((name, f) => (name, value: (double)values[f])).ToDictionary(x => x.name, x => x.value);

    private LearnedRanker LearnedRankerFor(QuerySyntax syntax)
    {
        if (learned?.Ranker is not { } ranker)
        {
            throw new InvalidQueryException("mode", learned?.Unavailable ?? "No learned model configured (Search:Ranker:ModelPath).");
        }

        return syntax == QuerySyntax.Plain
            ? ranker
            : throw new InvalidQueryException("syntax", "mode=learned re-ranks plain queries only; use syntax=plain.");
    }

    private (SearchMode Mode, long Total, List<Candidate> Candidates) Retrieve(
        ServingSearcher searcher, LuceneIndex index, string query, LexicalQuery lexical, SearchMode mode, int needed, QueryDeadline deadline)
    {
        var outcome = _retrieval.Run(searcher, index, query, lexical, mode, needed, deadline);
        return (outcome.Mode, outcome.Total, outcome.Candidates);
    }

    /// <summary>
    /// The lexical query, with typo tolerance for plain queries: a word the index does not know also searches its
    /// closest indexed words, and the corrected text is embedded for the vector signals instead of the typed one.
    /// </summary>
    private (LexicalQuery Lexical, string? DidYouMean) BuildTolerantQuery(ServingSearcher searcher, LuceneIndex index, string text, QuerySyntax syntax)
    {
        var lexical = BuildQuery(searcher, index, text, syntax);
        if (syntax != QuerySyntax.Plain)
        {
            return (lexical, null);
        }

        var tolerant = Spelling.TypoTolerance.Apply(searcher.IndexReader, index.Analyzer, options.Ranking, text, lexical, searcher.IndexedFields);
        return (tolerant.Lexical, tolerant.DidYouMean);
    }

    private LexicalQuery BuildQuery(ServingSearcher searcher, LuceneIndex index, string text, QuerySyntax syntax)
    {
        using var span = SearchTelemetry.Start("parse");
        var builder = new LexicalQueryBuilder(index.Analyzer, options.Ranking, options.QueryLimits);

        // Plain queries only name fields that passage records have; parsed ones can name any field, so are restricted.
        return syntax == QuerySyntax.Lucene
            ? new LexicalQuery(LexicalQueryBuilder.RestrictToPassages(builder.ParseLucene(text)), new HashSet<string>())
            : builder.BuildPlain(text, searcher.IndexedFields);
    }

    private static SearchHit ToHit(
        IndexSearcher searcher, LuceneIndex index, Candidate candidate, int rank, IReadOnlySet<string> terms, bool explain, HitScores? explained = null)
    {
        var record = searcher.Doc(candidate.Doc);
        var passage = LuceneDocumentMapper.ReadPassage(record);
        var metadata = LuceneDocumentMapper.ReadMetadata(record);
        var highlights = HighlightFinder.Find(index.Analyzer, IndexFields.Text, passage.Text, terms);
        return new SearchHit(
            rank,
            candidate.Fused,
            passage.PassageId,
            passage.Text,
            passage.Kind,
            SnippetRenderer.Render(passage.Text, highlights),
            highlights,
            Citation.Of(passage, metadata),
            explain ? explained ?? candidate.Scores : null);
    }

    /// <summary>The text-field terms a parsed Lucene query searches, once expanded (rewritten): wildcards and fuzzy terms become index terms.</summary>
    private static HashSet<string> ExtractTerms(Query expanded)
    {
        var terms = new HashSet<Term>();
        try
        {
            expanded.ExtractTerms(terms);
        }
        catch (NotSupportedException)
        {
            // Some rewritten forms cannot list their terms; the hits are still right, only unhighlighted.
        }

        return terms.Where(t => Array.IndexOf(IndexFields.Searchable, t.Field) >= 0).Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
    }
}
