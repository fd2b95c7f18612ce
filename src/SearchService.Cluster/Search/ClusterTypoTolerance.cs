using Lucene.Net.Util;
using Microsoft.Extensions.Options;
using SearchService.Cluster.Shards;
using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Spelling;

namespace SearchService.Cluster.Search;

/// <summary>
/// One node's typo tolerance (<see cref="TypoTolerance"/>) over the shards, with the same outcome: a word is unknown
/// when no shard has its term in a searchable field (its summed docFreq is 0); corrections are looked for only when no
/// shard's passage matches the typed query; each word's vocabulary is the shards' fuzzy candidates merged (docFreqs
/// summed) and cut to the first <see cref="TypoTolerance.MaxInspectedPerWord"/> in term order, which is the list one
/// index's automaton inspects; the engine's own <see cref="TypoTolerance.ChooseCorrections"/> then chooses.
/// </summary>
internal sealed class ClusterTypoTolerance(IGrainFactory grains, IOptions<ClusterOptions> cluster, IOptions<SearchOptions> search)
{
    private readonly Lazy<SearchAnalyzer> _analyzer = new(() => new SearchAnalyzer(search.Value.Analysis));

    /// <summary>The corrections of the query's unknown words; null when none is unknown, the typed query matches, or nothing is close.</summary>
    /// <param name="statistics">The answering shards' statistics of the typed query (each names the terms it does not know).</param>
    public async Task<IReadOnlyList<WordCorrection>?> Corrections(ShardQuery query, IReadOnlyList<QueryStatistics> statistics, IReadOnlyList<int> answering, CancellationToken cancellationToken)
    {
        if (query.Corrections is not null || statistics.Count == 0)
        {
            return null;
        }

        var unknown = statistics.Select(s => (IEnumerable<string>)(s.Unknown ?? []))
            .Aggregate((a, b) => a.Intersect(b, StringComparer.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        if (unknown.Count == 0)
        {
            return null;
        }

        var terms = unknown.Order(StringComparer.Ordinal).ToList();
        var shards = await Task.WhenAll(answering.Select(async shard =>
        {
            try
            {
                return await grains.GetGrain<IShardGrain>(shard).GetTypoCandidates(query, terms).WaitAsync(cluster.Value.ShardTimeout, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A shard lost since the statistics phase: corrected from the others' vocabulary, as the response is partial anyway.
                return null;
            }
        }));
        var answers = shards.OfType<TypoCandidates>().ToList();
        if (answers.Count == 0 || answers.Any(a => a.TypedMatches))
        {
            return null;
        }

        var analyzer = _analyzer.Value;
        var known = answers.SelectMany(a => a.Words).SelectMany(w => w.Candidates)
            .Where(c => c.Known)
            .Select(c => TypoTolerance.AnalyzedTerm(analyzer, c.Word))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var corrections = TypoTolerance.ChooseCorrections(analyzer, query.Text, unknown, word => Merged(answers, word.Word), known.Contains);
        return corrections.Count == 0 ? null : corrections.Select(WordCorrection.Of).ToList();
    }

    /// <summary>The shards' vocabularies of one word as one index holds it: docFreqs summed, in Lucene's term order (unsigned UTF-8 bytes, i.e. code point order, which UTF-16 ordinal order is not past U+FFFF), the first inspected only.</summary>
    private static IReadOnlyList<VocabularyWord> Merged(IReadOnlyList<TypoCandidates> answers, string word) =>
        answers.Select(a => a.Words.FirstOrDefault(w => w.Word == word))
            .OfType<WordVocabulary>()
            .SelectMany(w => w.Candidates)
            .GroupBy(c => c.Word, StringComparer.Ordinal)
            .Select(g => new VocabularyWord(g.Key, g.Sum(c => c.DocFreq)))
            .OrderBy(c => new BytesRef(c.Word), BytesRef.UTF8SortedAsUnicodeComparer)
            .Take(TypoTolerance.MaxInspectedPerWord)
            .ToList();
}
