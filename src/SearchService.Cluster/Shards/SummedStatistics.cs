using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using SearchService.Engine.Indexing;

namespace SearchService.Cluster.Shards;

/// <summary>
/// The collection's statistics as the sum of every shard's (docFreq, totalTermFreq, docCount, sumTotalTermFreq,
/// sumDocFreq, maxDoc all add up over disjoint shards): what one index over every document would report.
/// </summary>
public sealed class SummedStatistics : ICollectionStatistics
{
    private readonly Dictionary<string, FieldStatistics> _fields;
    private readonly Dictionary<(string Field, string Text), TermStatistic> _terms;

    public SummedStatistics(QueryStatistics statistics)
    {
        _fields = statistics.Fields.ToDictionary(f => f.Field, StringComparer.Ordinal);
        _terms = statistics.Terms.ToDictionary(t => (t.Field, t.Text));
    }

    /// <summary>The sum of the shards' statistics (a field or term one shard lacks counts 0 there).</summary>
    public static QueryStatistics Sum(IEnumerable<QueryStatistics> shards)
    {
        var list = shards.ToList();
        var fields = list.SelectMany(s => s.Fields)
            .GroupBy(f => f.Field, StringComparer.Ordinal)
            .Select(g => new FieldStatistics(g.Key, g.Sum(f => f.MaxDoc), g.Sum(f => f.DocCount), g.Sum(f => f.SumTotalTermFreq), g.Sum(f => f.SumDocFreq)))
            .OrderBy(f => f.Field, StringComparer.Ordinal)
            .ToList();
        var terms = list.SelectMany(s => s.Terms)
            .GroupBy(t => (t.Field, t.Text))
            .Select(g => new TermStatistic(g.Key.Field, g.Key.Text, g.Sum(t => t.DocFreq), g.Sum(t => t.TotalTermFreq)))
            .ToList();
        return new QueryStatistics(fields, terms, list.Sum(s => s.MaxDoc));
    }

    public TermStatistics? TermStatistics(Term term) =>
        _terms.TryGetValue((term.Field, term.Text), out var t) ? new TermStatistics(new BytesRef(t.Text), t.DocFreq, t.TotalTermFreq) : null;

    public CollectionStatistics? CollectionStatistics(string field) =>
        _fields.TryGetValue(field, out var f) ? new CollectionStatistics(f.Field, f.MaxDoc, f.DocCount, f.SumTotalTermFreq, f.SumDocFreq) : null;
}
