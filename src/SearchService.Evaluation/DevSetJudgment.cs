namespace SearchService.Evaluation;

/// <summary>
/// One hand judgment of the dev set: the passage of <see cref="DocumentId"/> whose normalized text contains
/// <see cref="Contains"/> (ordinal, case-sensitive) has relevance <see cref="Grade"/> (2 = answers the query,
/// 1 = relevant or partial). Passages are named by a quoted phrase rather than by ordinal so the judgments survive
/// changes to how the parser splits articles, and fail loudly when they no longer resolve.
/// </summary>
public sealed record DevSetJudgment(string DocumentId, string Contains, int Grade);
