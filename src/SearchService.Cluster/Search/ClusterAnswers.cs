using System.Diagnostics;
using Microsoft.Extensions.Options;
using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Answers;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ranking;
using SearchService.Engine.Retrieval;

namespace SearchService.Cluster.Search;

/// <summary>
/// <c>/ask</c> over the cluster, step for step as one node answers (<see cref="AnswerExtractor"/>): the acronyms the
/// question spells out are those indexed on any shard; the passages are the cluster's search results; sentences are
/// weighed with idf from the shards' summed statistics; offsets map onto raw texts read from the owning shards. So the
/// answer, its confidence and its citation are the ones one node over the same documents gives.
/// </summary>
public sealed class ClusterAnswers(ClusterSearch cluster, IOptions<SearchOptions> search)
{
    private readonly SearchAnalyzer _analyzer = new(search.Value.Analysis);

    /// <exception cref="InvalidQueryException">A request cluster mode does not serve (see <see cref="ClusterSearch.Search"/>).</exception>
    public async Task<AskResponse> Ask(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var acronyms = SentenceScorer.AcronymCandidates(_analyzer, request.Query);
        var terms = SentenceScorer.QuestionTerms(_analyzer, request.Query);
        var statistics = await cluster.TextStatistics(terms.Concat(acronyms.Select(a => a.Term)).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var docFreq = statistics.Terms.ToDictionary(t => t.Text, t => t.DocFreq, StringComparer.Ordinal);
        var documents = Math.Max(1, statistics.Fields.FirstOrDefault(f => f.Field == IndexFields.Text)?.DocCount ?? 0);

        var spelledOut = acronyms.Where(a => docFreq.GetValueOrDefault(a.Term) > 0).Select(a => a.Acronym).ToList();
        var searched = request.Syntax == QuerySyntax.Plain && spelledOut.Count > 0 ? request with { Query = request.Query + " " + string.Join(' ', spelledOut) } : request;
        var passages = (await cluster.Search(searched with { Offset = 0 }, cancellationToken)).Response.Results;
        var rawTexts = await cluster.RawTexts(passages.Select(p => p.Citation.DocumentId).ToList(), cancellationToken);

        Dictionary<string, double> Idf(IReadOnlyList<string> questionTerms) =>
            questionTerms.Distinct(StringComparer.Ordinal).ToDictionary(t => t, t => ExactLengthBm25Similarity.Idf(docFreq.GetValueOrDefault(t), documents), StringComparer.Ordinal);

        return AnswerExtractor.Answer(
            request,
            passages,
            expected => SentenceScorer.For(_analyzer, request.Query, expected, Idf),
            id => rawTexts.GetValueOrDefault(id),
            search.Value,
            clock,
            cancellationToken);
    }
}
