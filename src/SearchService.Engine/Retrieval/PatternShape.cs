namespace SearchService.Engine.Retrieval;

/// <summary>
/// The shape of a regexp or wildcard term, as far as its cost is concerned: what <see cref="AutomatonCost"/> turns
/// into a nondeterministic automaton to count states before Lucene builds (and determinizes) the real one.
/// </summary>
internal abstract record PatternShape
{
    public const int MaxChar = 0x10FFFF;

    public static readonly PatternShape AnyChar = new CharSet([(0, MaxChar)]);

    public static readonly PatternShape AnyString = new Repeat(AnyChar, 0, null);

    public static PatternShape Char(int c) => new CharSet([(c, c)]);

    public static PatternShape Concat(PatternShape? left, PatternShape right) => left is null ? right : new Sequence(left, right);

    /// <summary>One character out of the ranges (inclusive).</summary>
    public sealed record CharSet(IReadOnlyList<(int Lo, int Hi)> Ranges) : PatternShape;

    public sealed record Sequence(PatternShape First, PatternShape Second) : PatternShape;

    public sealed record Either(PatternShape Left, PatternShape Right) : PatternShape;

    /// <param name="Max">Null: unbounded.</param>
    public sealed record Repeat(PatternShape Inner, int Min, int? Max) : PatternShape;

    /// <summary>The empty string: <c>()</c>.</summary>
    public sealed record EmptyString : PatternShape;

    /// <summary>No string at all: <c>#</c>, or a named automaton (which the service never provides).</summary>
    public sealed record Nothing : PatternShape;
}
