namespace SearchService.Engine.Judgments;

/// <summary>
/// Relevance judgments: query id → (doc id → grade). Immutable once built.
/// Grades are kept exactly as judged, including 0 and negative rows, because "judged not relevant" and "not judged"
/// are different facts even though none of our metrics tells them apart (trec_eval treats both grade ≤ 0 and absence
/// as non-relevant for nDCG, MRR, recall, MAP and P).
/// </summary>
public sealed class Qrels
{
    /// <summary>trec_eval's default relevance level (<c>-l 1</c>): a document counts as relevant when its grade is at least this.</summary>
    public const int RelevantGrade = 1;

    private static readonly IReadOnlyDictionary<string, int> NoJudgments = new Dictionary<string, int>();

    private readonly Dictionary<string, IReadOnlyDictionary<string, int>> _byQuery;

    public Qrels(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> judgments)
    {
        ArgumentNullException.ThrowIfNull(judgments);
        // Copy so that a caller mutating its dictionaries afterwards cannot change a measurement already taken.
        _byQuery = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (queryId, grades) in judgments)
        {
            _byQuery[queryId] = new Dictionary<string, int>(grades, StringComparer.Ordinal);
        }

        QueryIds = _byQuery.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every query with at least one qrels line (whatever its grade), in ordinal order.</summary>
    public IReadOnlyList<string> QueryIds { get; }

    public int QueryCount => _byQuery.Count;

    /// <summary>The judged documents of a query and their grades; empty when the query has no qrels.</summary>
    public IReadOnlyDictionary<string, int> For(string queryId) =>
        _byQuery.TryGetValue(queryId, out var grades) ? grades : NoJudgments;

    public bool Contains(string queryId) => _byQuery.ContainsKey(queryId);

    /// <summary>The grade of a document for a query, or null when it was not judged.</summary>
    public int? GradeOf(string queryId, string docId) =>
        For(queryId).TryGetValue(docId, out var grade) ? grade : null;

    /// <summary>How many documents of the query have grade ≥ <see cref="RelevantGrade"/> (trec_eval's <c>num_rel</c>).</summary>
    public int RelevantCount(string queryId) => For(queryId).Values.Count(g => g >= RelevantGrade);
}
