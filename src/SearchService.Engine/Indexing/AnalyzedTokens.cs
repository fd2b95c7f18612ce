using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using SearchService.Engine.Analysis;

namespace SearchService.Engine.Indexing;

/// <summary>
/// One field value run through the analyzer ahead of indexing, on any thread: every token's term, position increment
/// and offsets, and what the stream's <c>End</c> reported. <see cref="Replay"/> hands Lucene exactly that stream
/// again, so the index holds the same postings and norms as if the writer had analysed the text itself, while the
/// analysis (the costliest part of adding a passage) runs in parallel and only the inversion stays on the writer's
/// thread, in the caller's order.
/// </summary>
internal sealed class AnalyzedTokens
{
    private readonly char[] _terms;
    private readonly int[] _ends;
    private readonly int[] _increments;
    private readonly int[] _startOffsets;
    private readonly int[] _endOffsets;
    private readonly int _finalOffset;
    private readonly int _finalIncrement;

    private AnalyzedTokens(char[] terms, int[] ends, int[] increments, int[] startOffsets, int[] endOffsets, int finalOffset, int finalIncrement)
    {
        _terms = terms;
        _ends = ends;
        _increments = increments;
        _startOffsets = startOffsets;
        _endOffsets = endOffsets;
        _finalOffset = finalOffset;
        _finalIncrement = finalIncrement;
    }

    public int Count => _ends.Length;

    private static readonly AnalyzedTokens Empty = new([], [], [], [], [], 0, 0);

    /// <summary>Analyses <paramref name="text"/> as field <paramref name="field"/> (thread-safe: analyzers reuse components per thread).</summary>
    public static AnalyzedTokens Analyze(Analyzer analyzer, string field, string text)
    {
        // Tokens are gathered in this thread's scratch buffers and copied out at their exact size: two passes over
        // a passage (text and words) used to grow five lists each and copy them again, per passage.
        using var stream = analyzer.GetTokenStream(field, text);
        return Record(stream);
    }

    /// <summary>
    /// The tokens a searched field of <see cref="SearchAnalyzer"/> gets for the text whose surface tokens (a
    /// <see cref="SearchAnalyzer.SurfaceFields"/> field's) are <paramref name="surface"/>: the analyzer's stemming stages
    /// run over a replay of them, so a passage is tokenized, lower-cased and folded once for its words and its text.
    /// Thread-safe (one chain per thread and analyzer).
    /// </summary>
    public static AnalyzedTokens Stem(SearchAnalyzer analyzer, AnalyzedTokens surface)
    {
        var stages = t_stages;
        if (stages is null || !ReferenceEquals(stages.Analyzer, analyzer))
        {
            t_stages = stages = new StemmingChain(analyzer);
        }

        stages.Input.Point(surface);
        return Record(stages.Output);
    }

    [ThreadStatic]
    private static StemmingChain? t_stages;

    private sealed class StemmingChain
    {
        public StemmingChain(SearchAnalyzer analyzer)
        {
            Analyzer = analyzer;
            Output = analyzer.StemmingStages(Input);
        }

        public SearchAnalyzer Analyzer { get; }

        public ReplayStream Input { get; } = new();

        public TokenStream Output { get; }
    }

    private static AnalyzedTokens Record(TokenStream stream)
    {
        var scratch = t_scratch ??= new Scratch();
        scratch.Clear();
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            scratch.Add(term.Buffer.AsSpan(0, term.Length), increment.PositionIncrement, offset.StartOffset, offset.EndOffset);
        }

        stream.End();
        return new AnalyzedTokens(
            scratch.Terms[..scratch.TermLength], scratch.Ends[..scratch.Count], scratch.Increments[..scratch.Count],
            scratch.Starts[..scratch.Count], scratch.EndOffsets[..scratch.Count], offset.EndOffset, increment.PositionIncrement);
    }

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>
    /// The replaying stream of this thread (the writer's), pointed at <paramref name="tokens"/>. Lucene inverts one
    /// field at a time and is done with a field's stream before it asks for the next, so one stream per thread serves
    /// every pre-analysed field: a new <see cref="TokenStream"/> (an attribute source with its maps) per field and
    /// passage was a large part of what the writer's thread allocated.
    /// </summary>
    internal static TokenStream ReplayOnThisThread(AnalyzedTokens tokens)
    {
        var stream = t_replay ??= new ReplayStream();
        stream.Point(tokens);
        return stream;
    }

    [ThreadStatic]
    private static ReplayStream? t_replay;

    private sealed class Scratch
    {
        public char[] Terms = new char[4096];
        public int[] Ends = new int[512];
        public int[] Increments = new int[512];
        public int[] Starts = new int[512];
        public int[] EndOffsets = new int[512];
        public int TermLength;
        public int Count;

        public void Clear() => (TermLength, Count) = (0, 0);

        public void Add(ReadOnlySpan<char> term, int increment, int start, int end)
        {
            if (TermLength + term.Length > Terms.Length)
            {
                Array.Resize(ref Terms, Math.Max(Terms.Length * 2, TermLength + term.Length));
            }

            if (Count == Ends.Length)
            {
                Array.Resize(ref Ends, Count * 2);
                Array.Resize(ref Increments, Count * 2);
                Array.Resize(ref Starts, Count * 2);
                Array.Resize(ref EndOffsets, Count * 2);
            }

            term.CopyTo(Terms.AsSpan(TermLength));
            TermLength += term.Length;
            Ends[Count] = TermLength;
            Increments[Count] = increment;
            Starts[Count] = start;
            EndOffsets[Count] = end;
            Count++;
        }
    }

    private sealed class ReplayStream : TokenStream
    {
        private readonly ICharTermAttribute _term;
        private readonly IPositionIncrementAttribute _increment;
        private readonly IOffsetAttribute _offset;
        private AnalyzedTokens _tokens = Empty;
        private int _next;

        public ReplayStream()
        {
            _term = AddAttribute<ICharTermAttribute>();
            _increment = AddAttribute<IPositionIncrementAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
        }

        public void Point(AnalyzedTokens tokens)
        {
            _tokens = tokens;
            _next = 0;
        }

        public override bool IncrementToken()
        {
            if (_next >= _tokens.Count)
            {
                return false;
            }

            ClearAttributes();
            var start = _next == 0 ? 0 : _tokens._ends[_next - 1];
            _term.CopyBuffer(_tokens._terms, start, _tokens._ends[_next] - start);
            _increment.PositionIncrement = _tokens._increments[_next];
            _offset.SetOffset(_tokens._startOffsets[_next], _tokens._endOffsets[_next]);
            _next++;
            return true;
        }

        public override void End()
        {
            base.End();
            _offset.SetOffset(_tokens._finalOffset, _tokens._finalOffset);
            _increment.PositionIncrement = _tokens._finalIncrement;
        }

        public override void Reset()
        {
            base.Reset();
            _next = 0;
        }
    }
}
