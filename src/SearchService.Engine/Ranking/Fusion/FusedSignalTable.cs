using System.Collections;
using System.Diagnostics.CodeAnalysis;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine.Ranking.Fusion;

/// <summary>
/// Every pooled passage's part of each signal in one fusion, in arrays by pool row and signal column; a candidate's
/// signals are a read-only view of its row (<see cref="RowSignals"/>), so a fusion allocates a few arrays instead of a
/// dictionary and a <see cref="SignalScore"/> per signal for every pooled passage.
/// </summary>
internal sealed class FusedSignalTable
{
    private readonly int _columns;
    private readonly double[] _weights;
    private readonly double?[] _raw;
    private readonly int?[] _rank;
    private readonly double[] _normalized;

    // The signal names as the old per-passage dictionary held them: in order of first appearance, a name given by two
    // inputs holding the later input's scores.
    private readonly string[] _names;
    private readonly int[] _columnOfName;
    private readonly int _lexical;
    private readonly int _semantic;

    public FusedSignalTable(int rows, IReadOnlyList<FusionInput> inputs)
    {
        _columns = inputs.Count;
        _weights = new double[_columns];
        var names = new List<string>(_columns);
        var columnOfName = new List<int>(_columns);
        for (var c = 0; c < _columns; c++)
        {
            _weights[c] = inputs[c].Weight;
            var name = inputs[c].Signal.Kind.Name();
            var at = names.IndexOf(name);
            if (at < 0)
            {
                names.Add(name);
                columnOfName.Add(c);
            }
            else
            {
                columnOfName[at] = c;
            }
        }

        _names = [.. names];
        _columnOfName = [.. columnOfName];
        _lexical = ColumnOf(SignalKind.Lexical.Name());
        var encoder = ColumnOf(SignalKind.Encoder.Name());
        _semantic = encoder >= 0 ? encoder : ColumnOf(SignalKind.Lsa.Name());
        _raw = new double?[rows * _columns];
        _rank = new int?[rows * _columns];
        _normalized = new double[rows * _columns];
    }

    public void Set(int row, int column, double? raw, int? rank, double normalized)
    {
        var at = (row * _columns) + column;
        _raw[at] = raw;
        _rank[at] = rank;
        _normalized[at] = normalized;
    }

    /// <summary>The candidate of <paramref name="row"/>, its legacy lexical/semantic fields as <see cref="Candidate.Of"/> fills them.</summary>
    public Candidate Candidate(int row, int doc, double fused)
    {
        var lexical = _lexical < 0 ? -1 : (row * _columns) + _lexical;
        var semantic = _semantic < 0 ? -1 : (row * _columns) + _semantic;
        return new Candidate(
            doc,
            fused,
            lexical < 0 ? null : _raw[lexical],
            lexical < 0 ? null : _rank[lexical],
            semantic < 0 ? null : _raw[semantic],
            semantic < 0 ? null : _rank[semantic],
            new RowSignals(this, row));
    }

    private int ColumnOf(string name)
    {
        var at = Array.IndexOf(_names, name);
        return at < 0 ? -1 : _columnOfName[at];
    }

    private SignalScore Score(int row, int column)
    {
        var at = (row * _columns) + column;
        return new SignalScore(_raw[at], _rank[at], _normalized[at], _weights[column]);
    }

    /// <summary>One row's signals by name ("lexical", "lsa", "encoder"), each <see cref="SignalScore"/> made when read.</summary>
    private sealed class RowSignals(FusedSignalTable table, int row) : IReadOnlyDictionary<string, SignalScore>
    {
        public int Count => table._names.Length;

        public IEnumerable<string> Keys => table._names;

        public IEnumerable<SignalScore> Values
        {
            get
            {
                foreach (var pair in this)
                {
                    yield return pair.Value;
                }
            }
        }

        public SignalScore this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

        public bool ContainsKey(string key) => table.ColumnOf(key) >= 0;

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out SignalScore value)
        {
            var column = table.ColumnOf(key);
            value = column < 0 ? null : table.Score(row, column);
            return value is not null;
        }

        public IEnumerator<KeyValuePair<string, SignalScore>> GetEnumerator()
        {
            for (var i = 0; i < table._names.Length; i++)
            {
                yield return new KeyValuePair<string, SignalScore>(table._names[i], table.Score(row, table._columnOfName[i]));
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
