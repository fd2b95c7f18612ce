using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

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

    /// <summary>Analyses <paramref name="text"/> as field <paramref name="field"/> (thread-safe: analyzers reuse components per thread).</summary>
    public static AnalyzedTokens Analyze(Analyzer analyzer, string field, string text)
    {
        var terms = new List<char>(text.Length);
        var ends = new List<int>();
        var increments = new List<int>();
        var starts = new List<int>();
        var endOffsets = new List<int>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.AddRange(term.Buffer.AsSpan(0, term.Length));
            ends.Add(terms.Count);
            increments.Add(increment.PositionIncrement);
            starts.Add(offset.StartOffset);
            endOffsets.Add(offset.EndOffset);
        }

        stream.End();
        return new AnalyzedTokens([.. terms], [.. ends], [.. increments], [.. starts], [.. endOffsets], offset.EndOffset, increment.PositionIncrement);
    }

    /// <summary>A fresh stream over the tokens (each indexed field needs its own; the tokens are shared read-only).</summary>
    public TokenStream Replay() => new ReplayStream(this);

    private sealed class ReplayStream : TokenStream
    {
        private readonly AnalyzedTokens _tokens;
        private readonly ICharTermAttribute _term;
        private readonly IPositionIncrementAttribute _increment;
        private readonly IOffsetAttribute _offset;
        private int _next;

        public ReplayStream(AnalyzedTokens tokens)
        {
            _tokens = tokens;
            _term = AddAttribute<ICharTermAttribute>();
            _increment = AddAttribute<IPositionIncrementAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
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
