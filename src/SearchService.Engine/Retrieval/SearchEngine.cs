using System.Diagnostics;
using Lucene.Net.Index;
using Lucene.Net.Search;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Retrieval;

/// <summary>Runs validated search requests against the current index snapshot.</summary>
public sealed class SearchEngine(IndexHandle handle, SearchOptions options)
{
    /// <summary>A page of hits with text, snippets, highlights and citations.</summary>
    public SearchResponse Search(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var index = handle.Current;
        var lexical = BuildQuery(index, request.Query, request.Syntax);
        if (lexical.Query is null)
        {
            return new SearchResponse(request.Query, 0, clock.Elapsed.TotalMilliseconds, []);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (total, hits) = index.Read(searcher =>
        {
            var terms = request.Syntax == QuerySyntax.Lucene ? ExtractTerms(searcher, lexical.Query) : lexical.Terms;
            var top = searcher.Search(lexical.Query, request.Offset + request.K);
            var page = top.ScoreDocs
                .Skip(request.Offset)
                .Select((scoreDoc, i) => ToHit(searcher, index, scoreDoc, request.Offset + i + 1, terms))
                .ToList();
            return ((long)top.TotalHits, page);
        });

        return new SearchResponse(request.Query, total, clock.Elapsed.TotalMilliseconds, hits);
    }

    /// <summary>The top <paramref name="depth"/> passage ids and scores, loading nothing else (for evaluation and fusion).</summary>
    public Ranking Rank(string queryText, int depth, QuerySyntax syntax = QuerySyntax.Plain)
    {
        var index = handle.Current;
        var lexical = BuildQuery(index, queryText, syntax);
        if (lexical.Query is null)
        {
            return new Ranking(0, []);
        }

        return index.Read(searcher =>
        {
            var top = searcher.Search(lexical.Query, depth);
            var ids = new PassageIdReader(searcher.IndexReader);
            var passages = top.ScoreDocs.Select(scoreDoc => ids.Read(scoreDoc.Doc, scoreDoc.Score)).ToList();
            return new Ranking(top.TotalHits, passages);
        });
    }

    private LexicalQuery BuildQuery(LuceneIndex index, string text, QuerySyntax syntax)
    {
        var builder = new LexicalQueryBuilder(index.Analyzer, options.Ranking);
        // Plain queries only name fields that passage records have; parsed ones can name any field, so are restricted.
        return syntax == QuerySyntax.Lucene
            ? new LexicalQuery(LexicalQueryBuilder.RestrictToPassages(builder.ParseLucene(text)), new HashSet<string>())
            : builder.BuildPlain(text);
    }

    private static SearchHit ToHit(IndexSearcher searcher, LuceneIndex index, ScoreDoc scoreDoc, int rank, IReadOnlySet<string> terms)
    {
        var record = searcher.Doc(scoreDoc.Doc);
        var passage = LuceneDocumentMapper.ReadPassage(record);
        var metadata = LuceneDocumentMapper.ReadMetadata(record);
        var highlights = HighlightFinder.Find(index.Analyzer, IndexFields.Text, passage.Text, terms);
        return new SearchHit(
            rank,
            scoreDoc.Score,
            passage.PassageId,
            passage.Text,
            passage.Kind,
            SnippetRenderer.Render(passage.Text, highlights),
            highlights,
            Citation.Of(passage, metadata));
    }

    /// <summary>The text-field terms a parsed Lucene query searches, after expanding wildcards and fuzzy terms.</summary>
    private static HashSet<string> ExtractTerms(IndexSearcher searcher, Query query)
    {
        var terms = new HashSet<Term>();
        try
        {
            searcher.Rewrite(query).ExtractTerms(terms);
        }
        catch (NotSupportedException)
        {
            // Some rewritten forms cannot list their terms; the hits are still right, only unhighlighted.
        }

        return terms.Where(t => Array.IndexOf(IndexFields.Searchable, t.Field) >= 0).Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
    }
}
