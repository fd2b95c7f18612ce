using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;
using SearchService.Engine.Embeddings;

namespace SearchService.Engine.Indexing;

/// <summary>The vectors of one generation, with each vector row mapped to the Lucene document of this reader (-1 when absent).</summary>
public sealed class VectorBinding
{
    private readonly int[] _docOfRow;

    // An array over the reader's doc ids, not a dictionary: built in one pass at bind time (a restart) and read per hit.
    private readonly int[] _rowOfDoc;

    public VectorBinding(VectorSet vectors, int[] docOfRow, int maxDoc)
    {
        Vectors = vectors;
        _docOfRow = docOfRow;
        _rowOfDoc = new int[maxDoc];
        Array.Fill(_rowOfDoc, -1);
        for (var row = 0; row < docOfRow.Length; row++)
        {
            if (docOfRow[row] >= 0)
            {
                _rowOfDoc[docOfRow[row]] = row;
            }
        }
    }

    public VectorSet Vectors { get; }

    public int DocOf(int row) => _docOfRow[row];

    public bool TryGetRow(int doc, out int row)
    {
        row = (uint)doc < (uint)_rowOfDoc.Length ? _rowOfDoc[doc] : -1;
        return row >= 0;
    }

    /// <summary>The vector rows of the given Lucene documents (those that have one).</summary>
    public IReadOnlyList<int> RowsOf(IReadOnlyList<int> docs) =>
        docs.Select(doc => TryGetRow(doc, out var row) ? row : -1).Where(row => row >= 0).ToList();
}

/// <summary>
/// A searcher that carries the vector view of the same generation as its reader. Lexical and vector retrieval in
/// one request use one <see cref="ServingSearcher"/>, so they always agree on which passages exist.
/// </summary>
public sealed class ServingSearcher : IndexSearcher
{
    private readonly ICollectionStatistics? _collection;
    private volatile VectorBinding? _binding;
    private volatile EncodedBinding? _encoded;

    public ServingSearcher(IndexReader reader, Similarity similarity, VectorSet? vectors)
        : base(reader)
    {
        Similarity = similarity;
        IndexedFields = IndexFields.Searchable.Where(field => MultiFields.GetTerms(reader, field) is not null).ToHashSet(StringComparer.Ordinal);
        Bind(vectors);
    }

    /// <summary>
    /// The searchable fields this reader has any terms in. A query need not name the others: a clause on a field
    /// that does not exist (no sections in a BEIR corpus) still costs a term lookup per segment for every term.
    /// </summary>
    public IReadOnlySet<string> IndexedFields { get; }

    /// <summary>
    /// This searcher's reader and vectors scored with the statistics of a whole collection this reader is one shard
    /// of (cluster mode): BM25's idf and average length then equal a single index's over every shard.
    /// </summary>
    public ServingSearcher WithCollectionStatistics(ICollectionStatistics collection) => new(this, collection);

    private ServingSearcher(ServingSearcher shard, ICollectionStatistics collection)
        : base(shard.IndexReader)
    {
        Similarity = shard.Similarity;
        IndexedFields = shard.IndexedFields;
        _binding = shard._binding;
        _encoded = shard._encoded;
        _collection = collection;
    }

    // The two statistics every Lucene similarity reads (as Lucene's ShardSearchingTestBase overrides them).
    public override TermStatistics TermStatistics(Term term, TermContext context) =>
        _collection?.TermStatistics(term) ?? base.TermStatistics(term, context);

    public override CollectionStatistics CollectionStatistics(string field) =>
        _collection?.CollectionStatistics(field) ?? base.CollectionStatistics(field);

    public VectorBinding? Vectors => _binding;

    /// <summary>
    /// The sentence-encoder vectors of this reader (null when no encoder is configured). They are built in the
    /// background after a commit, so they may be incomplete: see <see cref="EncodedBinding.Progress"/>.
    /// </summary>
    public EncodedBinding? Encoded => _encoded;

    /// <summary>Attaches the encoder vectors the background encoder published for this reader.</summary>
    internal void BindEncoded(EncodedBinding? encoded) => _encoded = encoded;

    /// <summary>Attaches vectors to this reader; used when vectors are rebuilt for passages that did not change.</summary>
    internal void Bind(VectorSet? vectors) => _binding = vectors is null ? null : new VectorBinding(vectors, MapRows(IndexReader, vectors), IndexReader.MaxDoc);

    private static int[] MapRows(IndexReader reader, VectorSet vectors) =>
        PassageRows.Map(reader, vectors.Vectors.Count, vectors.TryGetRow, row => vectors.PassageIds[row], vectors.RowMap).DocOfRow;
}

/// <summary>Term and field statistics of a whole collection (null where unknown: the searcher's own are used).</summary>
public interface ICollectionStatistics
{
    TermStatistics? TermStatistics(Term term);

    CollectionStatistics? CollectionStatistics(string field);
}

/// <summary>Opens <see cref="ServingSearcher"/>s with BM25 and the vectors the worker published for the new reader.</summary>
internal sealed class ServingSearcherFactory(Similarity similarity, VectorSet? vectors) : SearcherFactory
{
    /// <summary>Set by the (single) publishing thread just before it refreshes the manager.</summary>
    public volatile VectorSet? Vectors = vectors;

    /// <summary>Binds the current encoder vectors to a new reader; null without an encoder.</summary>
    public Func<IndexReader, EncodedBinding>? BindEncoded;

    public override IndexSearcher NewSearcher(IndexReader reader)
    {
        var searcher = new ServingSearcher(reader, similarity, Vectors);
        searcher.BindEncoded(BindEncoded?.Invoke(reader));
        return searcher;
    }
}
