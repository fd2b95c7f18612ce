using Lucene.Net.Index;
using Lucene.Net.Search;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Sorting;

/// <summary>
/// Reorders relevance-ranked passages by their document's publication date. The sort is stable, so passages of the
/// same date (every passage of one document) keep their relevance order; undated passages come last either way.
/// Dates come from doc values, not stored fields.
/// </summary>
public static class DateSort
{
    public static List<T> Apply<T>(IndexSearcher searcher, IReadOnlyList<T> ranked, Func<T, int> docOf, SortOrder order)
    {
        if (order == SortOrder.Relevance)
        {
            return ranked.ToList();
        }

        var dates = new PublishedDates(searcher.IndexReader);
        var keyed = ranked.Select(item => (Item: item, Ticks: dates.Of(docOf(item)))).ToList();
        var dated = keyed.Where(k => k.Ticks is not null);
        var sorted = order == SortOrder.Date
            ? dated.OrderBy(k => k.Ticks)
            : dated.OrderByDescending(k => k.Ticks);
        return sorted.Concat(keyed.Where(k => k.Ticks is null)).Select(k => k.Item).ToList();
    }

    /// <summary>Publication ticks by top-level doc id; null for an undated passage.</summary>
    private sealed class PublishedDates(IndexReader reader)
    {
        private readonly IList<AtomicReaderContext> _leaves = reader.Leaves;

        public long? Of(int doc)
        {
            var leaf = _leaves[ReaderUtil.SubIndex(doc, _leaves)];
            var local = doc - leaf.DocBase;
            var dated = leaf.AtomicReader.GetDocsWithField(IndexFields.Published);
            return dated is not null && dated.Get(local) ? leaf.AtomicReader.GetNumericDocValues(IndexFields.Published)!.Get(local) : null;
        }
    }
}
