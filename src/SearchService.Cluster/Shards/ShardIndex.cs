using System.Text.Json;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;
using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Ranking;
using SearchService.Engine.Ranking.Fusion;
using SearchService.Engine.Retrieval;
using SearchService.Engine.Suggest;

namespace SearchService.Cluster.Shards;

/// <summary>
/// One shard's Lucene index (and encoder vectors) in a local folder, built with the engine's own analysis, BM25 and
/// encoder, and queried in the two phases of a distributed search: statistics, then lists scored with the
/// collection's statistics. Knows each of its documents' ordinal in the sources, the cross-shard tie-break.
/// </summary>
public sealed class ShardIndex : IDisposable
{
    private readonly LuceneIndex _index;
    private readonly SearchOptions _options;
    // Read by queries while a push changes it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _ordinals;

    private readonly DocumentCatalog _catalog;

    private ShardIndex(LuceneIndex index, SearchOptions options, Dictionary<string, long> ordinals)
    {
        _index = index;
        _options = options;
        _ordinals = new(ordinals, StringComparer.Ordinal);

        // The engine's own catalog over this shard's index: /documents reads a shard exactly as one node reads its index.
        var handle = new IndexHandle();
        handle.Publish(index);
        _catalog = new DocumentCatalog(handle, new IndexStatus());
    }

    public int Documents => _ordinals.Count;

    public long Passages { get; private set; }

    /// <summary>
    /// Builds the index of the documents (in order, with their ordinals) in <paramref name="path"/>, replacing
    /// whatever was there, and waits for their encoder vectors.
    /// </summary>
    public static ShardIndex Build(string path, IEnumerable<(ParsedDocument Document, SourceFingerprint Fingerprint, long Ordinal)> documents, SearchOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        var index = LuceneIndex.Open(path, new SearchAnalyzer(options.Analysis), options.Ranking, options.EmbeddingWhenEnabled, logger, options.EncoderWhenEnabled, options.Embeddings.AnnThreshold, graph: options.Embeddings.Graph);
        try
        {
            var ordinals = new Dictionary<string, long>(StringComparer.Ordinal);
            long passages = 0;
            foreach (var (document, fingerprint, ordinal) in documents)
            {
                cancellationToken.ThrowIfCancellationRequested();
                index.Add(document, fingerprint);
                ordinals[document.Metadata.DocumentId] = ordinal;
                passages += document.Passages.Count;
            }

            index.Commit(new HashSet<string>());
            while (!index.WaitForEncoder(TimeSpan.FromSeconds(1), cancellationToken))
            {
                if (index.EncoderError is { } error)
                {
                    throw new InvalidOperationException($"Encoding the shard's passages failed: {error}");
                }
            }

            return new ShardIndex(index, options, ordinals) { Passages = passages };
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>Adds or replaces a pushed document and publishes it (with its encoder vectors) before returning.</summary>
    public void Upsert(ParsedDocument document, SourceFingerprint fingerprint, long ordinal, CancellationToken cancellationToken)
    {
        // The ordinal first: a query that sees the new passages also sees their tie-break.
        _ordinals[document.Metadata.DocumentId] = ordinal;
        _index.Upsert(document, fingerprint);
        _index.Commit(new HashSet<string>(StringComparer.Ordinal) { document.Metadata.DocumentId });
        _index.WaitForEncoder(TimeSpan.FromMinutes(5), cancellationToken);
        Passages = _index.Read(searcher => (long)searcher.Search(new TermQuery(new Term(IndexFields.Type, IndexFields.PassageType)), 1).TotalHits);
    }

    public IReadOnlyList<string> DocumentIds() => _ordinals.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Removes a document and publishes the index without it.</summary>
    public void Delete(string documentId)
    {
        _index.Delete(documentId);
        _index.Commit(new HashSet<string>(StringComparer.Ordinal) { documentId });
        _ordinals.TryRemove(documentId, out _);
        Passages = _index.Read(searcher => (long)searcher.Search(new TermQuery(new Term(IndexFields.Type, IndexFields.PassageType)), 1).TotalHits);
    }

    /// <summary>
    /// This shard's statistics of the given (analyzed) terms in the text field and of the field: summed over the
    /// shards, what /ask weighs a question's terms with on one node (idf), and whether an acronym is indexed.
    /// </summary>
    public QueryStatistics TextStatistics(IReadOnlyList<string> terms) => _index.Read(searcher =>
    {
        var reader = searcher.IndexReader;
        var statistics = terms.Distinct(StringComparer.Ordinal)
            .Select(text => new Term(IndexFields.Text, text))
            .Select(term => new TermStatistic(term.Field, term.Text, reader.DocFreq(term), reader.TotalTermFreq(term)))
            .ToList();
        var field = new FieldStatistics(IndexFields.Text, reader.MaxDoc, reader.GetDocCount(IndexFields.Text), reader.GetSumTotalTermFreq(IndexFields.Text), reader.GetSumDocFreq(IndexFields.Text));
        return new QueryStatistics([field], statistics, reader.MaxDoc);
    });

    /// <summary>The raw texts of those of the documents this shard holds, from one snapshot (what /ask maps answer offsets onto).</summary>
    public IReadOnlyDictionary<string, string> RawTexts(IReadOnlyList<string> documentIds) => _index.Read(searcher =>
        (IReadOnlyDictionary<string, string>)documentIds.Distinct(StringComparer.Ordinal)
            .Select(id => (Id: id, Text: _catalog.RawText(searcher, id)))
            .Where(d => d.Text is not null)
            .ToDictionary(d => d.Id, d => d.Text!, StringComparer.Ordinal));

    /// <summary>Phase one of <c>/suggest</c>: completion candidates and the statistics of the title query's terms.</summary>
    public SuggestStatistics SuggestStatistics(string query) => _index.Read(searcher =>
    {
        if (Suggester.Typed.Of(_index.Analyzer, query) is not { } typed)
        {
            return new SuggestStatistics([], new QueryStatistics([], [], 0));
        }

        var completions = typed.Completing
            ? Suggester.CompletionCandidates(searcher.IndexReader, typed.Words[^1]).Select(c => new WordFrequency(c.Word, c.Frequency)).ToList()
            : [];

        // Only whole words score (the last one, while typed, is a constant-score prefix).
        var reader = searcher.IndexReader;
        var words = typed.Completing ? typed.Words.Take(typed.Words.Count - 1) : typed.Words;
        var terms = words.Distinct(StringComparer.Ordinal).Select(w => new Term(IndexFields.TitleWords, w))
            .Select(term => new TermStatistic(term.Field, term.Text, reader.DocFreq(term), reader.TotalTermFreq(term)))
            .ToList();
        var field = searcher.CollectionStatistics(IndexFields.TitleWords);
        var fields = new[] { new FieldStatistics(field.Field, field.MaxDoc, field.DocCount, field.SumTotalTermFreq, field.SumDocFreq) };
        return new SuggestStatistics(completions, new QueryStatistics(fields, terms, reader.MaxDoc));
    });

    /// <summary>Phase two of <c>/suggest</c>: this shard's best <paramref name="k"/> titles, scored with the collection's statistics.</summary>
    public IReadOnlyList<TitleHit> SuggestTitles(string query, QueryStatistics collection, int k) => _index.Read(shard =>
    {
        if (Suggester.Typed.Of(_index.Analyzer, query) is not { } typed)
        {
            return (IReadOnlyList<TitleHit>)[];
        }

        var searcher = shard.WithCollectionStatistics(new SummedStatistics(collection));
        return searcher.Search(Suggester.TitleQuery(typed), k).ScoreDocs
            .Select(hit => (Hit: hit, Title: Suggester.TitleOf(searcher, hit.Doc)))
            .Select(h => new TitleHit(h.Title.Text, h.Title.DocumentId!, h.Hit.Score, _ordinals.GetValueOrDefault(h.Title.DocumentId!, long.MaxValue), h.Hit.Doc))
            .ToList();
    });

    /// <summary>Every document of this shard as one node's <c>/documents</c> lists it.</summary>
    public IReadOnlyList<DocumentSummary> List() => _catalog.List();

    /// <summary>A document with its raw text and passages as one node's <c>/documents/{id}</c> gives it; null when not here.</summary>
    public DocumentDetail? Get(string documentId) => _catalog.Get(documentId);

    /// <summary>Phase one: this shard's statistics of every field and term the query scores with.</summary>
    public QueryStatistics Statistics(ShardQuery query) => _index.Read(searcher =>
    {
        var analyzed = Analyzed(searcher, query.Text, query.Corrections);
        var terms = new HashSet<Term>();
        analyzed.Lexical.Query?.ExtractTerms(terms);
        var reader = searcher.IndexReader;
        var termStatistics = terms
            .Select(term => searcher.TermStatistics(term, TermContext.Build(reader.Context, term)))
            .Zip(terms, (s, term) => new TermStatistic(term.Field, term.Text, s.DocFreq, s.TotalTermFreq))
            .ToList();
        var fields = terms.Select(t => t.Field).Distinct(StringComparer.Ordinal)
            .Select(field => searcher.CollectionStatistics(field))
            .Select(c => new FieldStatistics(c.Field, c.MaxDoc, c.DocCount, c.SumTotalTermFreq, c.SumDocFreq))
            .ToList();
        var unknown = query.Corrections is null ? Engine.Spelling.TypoTolerance.UnknownTerms(reader, analyzed.Lexical).Order(StringComparer.Ordinal).ToList() : null;
        return new QueryStatistics(fields, termStatistics, reader.MaxDoc, unknown);
    });

    /// <summary>
    /// Typo tolerance's part on this shard: whether the typed query matches one of its passages, else, for each word
    /// whose term is <paramref name="unknown"/> to the collection, the vocabulary one node would inspect, as found here.
    /// </summary>
    public TypoCandidates TypoCandidates(ShardQuery query, IReadOnlyList<string> unknown) => _index.Read(searcher =>
    {
        var analyzed = AnalyzedQuery.Of(searcher, _index, _options, query.Text, QuerySyntax.Plain, expand: false);
        if (Engine.Spelling.TypoTolerance.MatchesAny(searcher, analyzed.Lexical.Query, null))
        {
            return new TypoCandidates(true, []);
        }

        var reader = searcher.IndexReader;
        var vocabulary = MultiFields.GetTerms(reader, IndexFields.Words);
        if (vocabulary is null)
        {
            return new TypoCandidates(false, []);
        }

        var words = Engine.Spelling.TypoTolerance.CorrectableWords(_index.Analyzer, query.Text, unknown.ToHashSet(StringComparer.Ordinal))
            .Select(word => new WordVocabulary(word.Word, Engine.Spelling.TypoTolerance.FuzzyVocabulary(vocabulary, word.Word, word.MaxEdits)
                .Select(v => new VocabularyCandidate(v.Word, v.DocFreq, Engine.Spelling.TypoTolerance.AnalyzedTerm(_index.Analyzer, v.Word) is { } term && Engine.Spelling.TypoTolerance.InIndex(reader, term)))
                .ToList()))
            .ToList();
        return new TypoCandidates(false, words);
    });

    /// <summary>
    /// Phase two: the shard's lists at <paramref name="depth"/> as one node's strategy of the mode reads them, BM25
    /// scored with <paramref name="collection"/>'s statistics; every listed passage carries its encoder cosine (hybrid
    /// fuses it even for a passage only the lexical list found).
    /// </summary>
    public ShardLists Rank(ShardQuery query, QueryStatistics collection, int depth, CancellationToken cancellationToken)
    {
        var ranking = _options.Ranking;
        return _index.Read(shard =>
        {
            var searcher = shard.WithCollectionStatistics(new SummedStatistics(collection));
            var analyzed = Analyzed(searcher, query.Text, query.Corrections);
            var deadline = new QueryDeadline(_options.QueryLimits.TimeBudget, cancellationToken);
            var space = VectorSpaces.Of(searcher, _index).OfType<EncoderSpace>().LastOrDefault();
            var hasEncoder = space is not null;
            var mode = query.Mode == SearchMode.Hybrid && !hasEncoder ? SearchMode.Lexical : query.Mode;
            var vector = space is null || mode == SearchMode.Lexical
                ? null
                : VectorSignal.Prepare(GivenQuerySpace.For(space, searcher.Encoded?.Encoder.Fingerprint, query.Vector), query.Text, SimilarityFloors.For(ranking, space));

            var lexicalQuery = analyzed.Lexical.Query;
            var lexicalQueried = lexicalQuery is not null && (mode == SearchMode.Lexical || (mode == SearchMode.Hybrid && ranking.LexicalWeight > 0));
            // Hybrid's total needs the lexical matches: recorded by the lexical pass, as one node's hybrid does.
            using var lexicalMatched = lexicalQueried && mode == SearchMode.Hybrid ? new MatchedDocs(searcher.IndexReader.MaxDoc) : null;
            var lexical = lexicalQueried ? new LexicalSignal(searcher, lexicalQuery!, deadline, lexicalMatched).Retrieve(depth) : SignalCandidates.None(SignalKind.Lexical);

            // Hybrid re-ranking the lexical pool scores the merged lexical list (the coordinator's), not a list of its own.
            var semanticQueried = vector is not null && (mode == SearchMode.Semantic || (ranking.EncoderWeight > 0 && ranking.HybridPool == HybridPool.Union));
            var semantic = semanticQueried ? vector!.Retrieve(depth) : SignalCandidates.None(SignalKind.Encoder);

            var ids = new PassageIdReader(searcher.IndexReader);
            var matches = mode switch
            {
                SearchMode.Lexical => lexical.Matches,
                SearchMode.Semantic => semantic.Matches,
                _ => LexicalMatchCount.Union(searcher, lexicalQueried ? lexicalQuery : null, lexical.Matches, semantic.MatchedDocs ?? [], lexicalMatched),
            };
            ShardHit Hit(ScoredDoc scored)
            {
                var passage = ids.Read(scored.Doc, scored.Score);
                return new ShardHit(passage.PassageId, passage.DocumentId, _ordinals.GetValueOrDefault(passage.DocumentId, long.MaxValue), scored.Doc, scored.Score, vector?.Score(scored.Doc));
            }

            return new ShardLists(true, hasEncoder, lexicalQueried, semanticQueried, lexical.Top.Select(Hit).ToList(), semantic.Top.Select(Hit).ToList(), matches);
        });
    }

    /// <summary>The page's hits of the given passages (text, snippet, highlights, citation), as the engine's JSON.</summary>
    public IReadOnlyList<string> Fetch(IReadOnlyList<string> passageIds, ShardQuery query) => _index.Read(searcher =>
    {
        var analyzed = Analyzed(searcher, query.Text, query.Corrections);
        var hits = new List<string>(passageIds.Count);
        foreach (var passageId in passageIds)
        {
            var top = searcher.Search(new TermQuery(new Term(IndexFields.PassageId, passageId)), 1);
            if (top.ScoreDocs.Length == 0)
            {
                continue;
            }

            var hit = SearchEngine.ToHit(searcher, _index, new Candidate(top.ScoreDocs[0].Doc, 0, null, null, null, null), 0, analyzed.Terms, null);
            hits.Add(JsonSerializer.Serialize(new FetchedHit(hit, hit.Citation.Metadata), ClusterJson.Options));
        }

        return hits;
    });

    public void Dispose() => _index.Dispose();

    /// <summary>The plain query with the coordinator's typo corrections added as one node adds its own.</summary>
    private AnalyzedQuery Analyzed(ServingSearcher searcher, string text, IReadOnlyList<WordCorrection>? corrections)
    {
        var analyzed = AnalyzedQuery.Of(searcher, _index, _options, text, QuerySyntax.Plain, expand: false);
        if (corrections is not { Count: > 0 })
        {
            return analyzed;
        }

        var tolerant = Engine.Spelling.TypoTolerance.WithCorrections(_options.Ranking, text, analyzed.Lexical, corrections.Select(c => c.ToEngine()).ToList(), searcher.IndexedFields);
        return analyzed with { Lexical = tolerant.Lexical, DidYouMean = tolerant.DidYouMean };
    }
}
