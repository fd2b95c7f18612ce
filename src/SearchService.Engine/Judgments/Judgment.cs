using System.Security.Cryptography;
using System.Text;

namespace SearchService.Engine.Judgments;

/// <summary>
/// One relevance judgment as recorded: when, for which query text, which passage (by id and by a hash of the text the
/// judge saw), the grade (0 not relevant, 1 relevant, 2 highly relevant) and who judged.
/// </summary>
public sealed record Judgment(DateTimeOffset Time, string Query, string PassageId, string ContentHash, int Grade, string Judge)
{
    public const int MaxGrade = 2;

    /// <summary>The query's id in exports: a hash of its text, so the same query gets the same id in every export and store.</summary>
    public string QueryId => QueryIdOf(Query);

    public static string QueryIdOf(string query) =>
        "q" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query.Trim())))[..10];
}

/// <summary>A recorded judgment and whether its passage's text has changed (or gone) since: then it needs re-judging.</summary>
public sealed record JudgmentState(Judgment Judgment, bool Stale);

/// <summary>The content hash judgments are tied to: SHA-256 of the passage text, first 16 hex digits.</summary>
public static class PassageHash
{
    public static string Of(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
