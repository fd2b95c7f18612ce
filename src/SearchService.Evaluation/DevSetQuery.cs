namespace SearchService.Evaluation;

/// <summary>One line of <c>eval/devset/queries.jsonl</c>: a query as a user would type it, and its judged passages.</summary>
public sealed record DevSetQuery(string Id, string Query, IReadOnlyList<DevSetJudgment> Judgments);
