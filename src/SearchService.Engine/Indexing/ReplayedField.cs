using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;

namespace SearchService.Engine.Indexing;

/// <summary>
/// A text field analysed ahead of the writer (<see cref="AnalyzedTokens"/>): same name, value and field type as the
/// field it replaces, but the writer's thread gets its tokens from that thread's one replaying stream instead of a new
/// <see cref="TokenStream"/> per field (see <see cref="AnalyzedTokens.ReplayOnThisThread"/>).
/// </summary>
internal sealed class ReplayedField(string name, string value, FieldType type, AnalyzedTokens tokens) : Field(name, value, type)
{
    public override TokenStream GetTokenStream(Analyzer analyzer) => AnalyzedTokens.ReplayOnThisThread(tokens);
}

/// <summary>
/// An untokenized indexed field (<see cref="StringField"/>: ids, type, kind) whose single token comes from the
/// writer thread's one reusable stream. Lucene's own <see cref="Field"/> builds a new single-token stream per field
/// instance, and every record is a new set of fields. The token, its offsets (0 to the value's length) and position
/// are Lucene's, so the postings are the same.
/// </summary>
internal sealed class SingleTokenField(string name, string value, FieldType type) : Field(name, value, type)
{
    [ThreadStatic]
    private static SingleTokenStream? t_stream;

    public override TokenStream GetTokenStream(Analyzer analyzer)
    {
        var stream = t_stream ??= new SingleTokenStream();
        stream.Point(GetStringValue());
        return stream;
    }

    private sealed class SingleTokenStream : TokenStream
    {
        private readonly ICharTermAttribute _term;
        private readonly IOffsetAttribute _offset;
        private string _value = "";
        private bool _used = true;

        public SingleTokenStream()
        {
            _term = AddAttribute<ICharTermAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
        }

        public void Point(string value)
        {
            _value = value;
            _used = true;
        }

        public override bool IncrementToken()
        {
            if (_used)
            {
                return false;
            }

            ClearAttributes();
            _term.SetEmpty().Append(_value);
            _offset.SetOffset(0, _value.Length);
            _used = true;
            return true;
        }

        public override void End()
        {
            base.End();
            _offset.SetOffset(_value.Length, _value.Length);
        }

        public override void Reset()
        {
            base.Reset();
            _used = false;
        }
    }
}
