using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Filtering;

/// <summary>
/// A <see cref="SearchFilter"/> as Lucene sees it: a constant-score filter over the indexed kind, document id and
/// publication date, for lexical queries; and the same filter as a bitset of allowed doc ids, for vector scans.
/// Neither scores, so a filter narrows what ranks without changing how the rest ranks.
/// </summary>
public static class FilterQuery
{
    /// <summary>The filter as a Lucene filter, or null when it lets everything through.</summary>
    public static Filter? ToLucene(SearchFilter? filter) =>
        filter is null || filter.IsEmpty ? null : new QueryWrapperFilter(ToQuery(filter));

    /// <summary><paramref name="query"/> restricted to the filter (unchanged when the filter is empty).</summary>
    public static Query Restrict(Query query, SearchFilter? filter) =>
        ToLucene(filter) is { } lucene ? new FilteredQuery(query, lucene) : query;

    /// <summary>The top-level doc ids the filter allows, or null for all: what a vector scan checks before each dot product.</summary>
    public static IBits? AllowedDocs(IndexSearcher searcher, SearchFilter? filter)
    {
        if (ToLucene(filter) is not { } lucene)
        {
            return null;
        }

        var reader = searcher.IndexReader;
        var allowed = new FixedBitSet(Math.Max(1, reader.MaxDoc));
        foreach (var leaf in reader.Leaves)
        {
            var docs = lucene.GetDocIdSet(leaf, leaf.AtomicReader.LiveDocs)?.GetIterator();
            if (docs is null)
            {
                continue;
            }

            for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
            {
                allowed.Set(leaf.DocBase + doc);
            }
        }

        return allowed;
    }

    private static BooleanQuery ToQuery(SearchFilter filter)
    {
        var query = new BooleanQuery
        {
            { new TermQuery(new Term(IndexFields.Type, IndexFields.PassageType)), Occur.MUST },
        };
        if (filter.DocumentIds.Count > 0)
        {
            query.Add(AnyOf(IndexFields.DocumentId, filter.DocumentIds), Occur.MUST);
        }

        if (filter.Kinds.Count > 0)
        {
            query.Add(AnyOf(IndexFields.Kind, filter.Kinds.Select(FilterFields.KindName)), Occur.MUST);
        }

        if (filter.PublishedFrom is not null || filter.PublishedTo is not null)
        {
            // Only dated passages carry the field, so any bound excludes undated documents. Days are inclusive.
            long? from = filter.PublishedFrom?.ToDateTime(TimeOnly.MinValue).Ticks;
            long? to = filter.PublishedTo is { } last && last < DateOnly.MaxValue ? last.AddDays(1).ToDateTime(TimeOnly.MinValue).Ticks - 1 : null;
            query.Add(NumericRangeQuery.NewInt64Range(IndexFields.Published, from ?? long.MinValue, to ?? long.MaxValue, true, true), Occur.MUST);
        }

        return query;
    }

    private static BooleanQuery AnyOf(string field, IEnumerable<string> values)
    {
        var any = new BooleanQuery();
        foreach (var value in values.Distinct(StringComparer.Ordinal))
        {
            any.Add(new TermQuery(new Term(field, value)), Occur.SHOULD);
        }

        return any;
    }
}
