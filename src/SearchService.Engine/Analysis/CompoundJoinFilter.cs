using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace SearchService.Engine.Analysis;

/// <summary>
/// Joins an adjacent pair of tokens into one compound ("viet" "nam" → "vietnam"), so that the spaced Vietnamese
/// spelling and the English one find each other. The joined token's offsets span both words, so highlighting
/// "Việt Nam" marks the whole name. Runs after lower-casing and ASCII folding, so it sees folded tokens.
/// </summary>
public sealed class CompoundJoinFilter : TokenFilter
{
    // Looked up by the term's characters: a string per token (every indexed and queried token passes here) was garbage.
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>>.AlternateLookup<ReadOnlySpan<char>> _firstWords;
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _positionIncrement;
    private State? _lookahead;
    private bool _inputExhausted;

    public CompoundJoinFilter(TokenStream input, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> compounds)
        : base(input)
    {
        _firstWords = new Dictionary<string, IReadOnlyDictionary<string, string>>(compounds, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _positionIncrement = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_lookahead is not null)
        {
            RestoreState(_lookahead);
            _lookahead = null;
            return true;
        }

        if (_inputExhausted || !m_input.IncrementToken())
        {
            _inputExhausted = true;
            return false;
        }

        if (!_firstWords.TryGetValue(_term.Buffer.AsSpan(0, _term.Length), out var seconds))
        {
            return true;
        }

        var first = CaptureState();
        var start = _offset.StartOffset;
        if (!m_input.IncrementToken())
        {
            _inputExhausted = true;
            RestoreState(first);
            return true;
        }

        if (_positionIncrement.PositionIncrement == 1 && seconds.TryGetValue(_term.ToString(), out var joined))
        {
            var end = _offset.EndOffset;
            RestoreState(first);
            _term.SetEmpty().Append(joined);
            _offset.SetOffset(start, end);
            return true;
        }

        _lookahead = CaptureState();
        RestoreState(first);
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _lookahead = null;
        _inputExhausted = false;
    }
}
