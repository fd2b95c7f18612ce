namespace SearchService.Engine.Answers;

/// <summary>
/// Current over stale: sentences from different sources that answer the same question (nearly as well as the best
/// one) but state different values (193 vs 194 countries) are a change over time. The newest dated source wins;
/// the others become alternatives, newest first, undated last. Sentences that agree with the chosen one, or that
/// state no value of the expected type, are not alternatives.
/// </summary>
public static class CurrentAnswer
{
    /// <summary>A sentence answers "the same question" when it covers at least this share of what the best one covers.</summary>
    public const double PeerCoverageRatio = 0.85;

    public static (SentenceCandidate Chosen, IReadOnlyList<SentenceCandidate> Alternatives) Choose(SentenceCandidate best, IReadOnlyList<SentenceCandidate> candidates)
    {
        if (best.Values.Count == 0)
        {
            return (best, []);
        }

        var peers = candidates
            .Where(c => c.Values.Count > 0 && c.Coverage >= best.Coverage * PeerCoverageRatio)
            .ToList();
        var chosen = peers
            .Where(c => Disagree(c, best) || c == best)
            .OrderByDescending(c => c.Published ?? DateTime.MinValue)
            .ThenByDescending(c => c.Score)
            .First();
        var alternatives = peers
            .Where(c => c.Hit.Citation.DocumentId != chosen.Hit.Citation.DocumentId && Disagree(c, chosen))
            .Where(c => (c.Published ?? DateTime.MinValue) <= (chosen.Published ?? DateTime.MinValue))
            .GroupBy(c => c.Hit.Citation.DocumentId, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(c => c.Score).First())
            .OrderByDescending(c => c.Published ?? DateTime.MinValue)
            .ThenByDescending(c => c.Score)
            .ToList();
        return (chosen, alternatives);
    }

    /// <summary>Two sentences disagree when they share no value ("194" vs "193"); "nearly 6 million" and "six million" agree.</summary>
    private static bool Disagree(SentenceCandidate a, SentenceCandidate b) =>
        !a.Values.Intersect(b.Values, StringComparer.OrdinalIgnoreCase).Any();
}
