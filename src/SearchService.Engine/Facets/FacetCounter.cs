using System.Globalization;
using System.Text.Json;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using SearchService.Engine.Indexing;

namespace SearchService.Engine.Facets;

/// <summary>
/// Counts facet values over every passage that matched (not just a page), from doc values: no stored field is read
/// per match. Each field lists at most <see cref="MaxValues"/> values, most frequent first (ties by value), so a
/// collection of 100,000 single-passage documents cannot make a response of 100,000 entries.
/// </summary>
public static class FacetCounter
{
    public const int MaxValues = 100;

    /// <summary>Facet values by field name (camelCase, as requested) for the matching top-level doc ids.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Count(IndexSearcher searcher, IReadOnlyCollection<int> matches, IReadOnlyList<FacetField> fields)
    {
        var result = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
        if (fields.Count == 0)
        {
            return result;
        }

        var byLeaf = ByLeaf(searcher.IndexReader, matches);
        foreach (var field in fields.Distinct())
        {
            var counts = field switch
            {
                FacetField.DocumentId => CountSorted(byLeaf, IndexFields.DocumentId),
                FacetField.Kind => CountSorted(byLeaf, IndexFields.Kind),
                _ => CountYears(byLeaf),
            };
            var top = counts
                .OrderByDescending(c => c.Value)
                .ThenBy(c => c.Key, StringComparer.Ordinal)
                .Take(MaxValues)
                .ToList();
            result[Name(field)] = top.Select(c => new FacetValue(c.Key, c.Value, LabelOf(searcher, field, c.Key))).ToList();
        }

        return result;
    }

    /// <summary>The facet's name in requests and responses: documentId, kind, year.</summary>
    public static string Name(FacetField field) => JsonNamingPolicy.CamelCase.ConvertName(field.ToString());

    private static List<(AtomicReader Reader, List<int> Docs)> ByLeaf(IndexReader reader, IReadOnlyCollection<int> matches)
    {
        var leaves = reader.Leaves;
        var docs = leaves.Select(_ => new List<int>()).ToList();
        foreach (var doc in matches)
        {
            var leaf = ReaderUtil.SubIndex(doc, leaves);
            docs[leaf].Add(doc - leaves[leaf].DocBase);
        }

        return leaves.Select((leaf, i) => (leaf.AtomicReader, docs[i])).Where(l => l.Item2.Count > 0).ToList();
    }

    private static Dictionary<string, long> CountSorted(List<(AtomicReader Reader, List<int> Docs)> byLeaf, string field)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reader, docs) in byLeaf)
        {
            if (reader.GetSortedDocValues(field) is not { } values)
            {
                continue;
            }

            var perOrd = new long[values.ValueCount];
            foreach (var doc in docs)
            {
                var ord = values.GetOrd(doc);
                if (ord >= 0)
                {
                    perOrd[ord]++;
                }
            }

            var bytes = new BytesRef();
            for (var ord = 0; ord < perOrd.Length; ord++)
            {
                if (perOrd[ord] > 0)
                {
                    values.LookupOrd(ord, bytes);
                    var key = bytes.Utf8ToString();
                    counts[key] = counts.GetValueOrDefault(key) + perOrd[ord];
                }
            }
        }

        return counts;
    }

    private static Dictionary<string, long> CountYears(List<(AtomicReader Reader, List<int> Docs)> byLeaf)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reader, docs) in byLeaf)
        {
            var values = reader.GetNumericDocValues(IndexFields.Published);
            var dated = reader.GetDocsWithField(IndexFields.Published);
            if (values is null || dated is null)
            {
                continue;
            }

            foreach (var doc in docs.Where(dated.Get))
            {
                var year = new DateTime(values.Get(doc)).Year.ToString(CultureInfo.InvariantCulture);
                counts[year] = counts.GetValueOrDefault(year) + 1;
            }
        }

        return counts;
    }

    private static string LabelOf(IndexSearcher searcher, FacetField field, string value) => field switch
    {
        FacetField.DocumentId => TitleOf(searcher, value) ?? value,
        FacetField.Kind => char.ToUpperInvariant(value[0]) + value[1..],
        _ => value,
    };

    /// <summary>The title from the document's own record (one term lookup per listed document).</summary>
    private static string? TitleOf(IndexSearcher searcher, string documentId)
    {
        var query = new BooleanQuery
        {
            { new TermQuery(new Term(IndexFields.Type, IndexFields.DocumentType)), Occur.MUST },
            { new TermQuery(new Term(IndexFields.DocumentId, documentId)), Occur.MUST },
        };
        var top = searcher.Search(query, 1);
        return top.ScoreDocs.Length == 0 ? null : LuceneDocumentMapper.ReadMetadata(searcher.Doc(top.ScoreDocs[0].Doc)).Title;
    }
}
