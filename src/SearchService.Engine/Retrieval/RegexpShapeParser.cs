using System.Globalization;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// Reads Lucene's regexp syntax (<c>RegExpSyntax.ALL</c>, the query parser's) into a <see cref="PatternShape"/>
/// without building anything, refusing what no budget makes safe: complement <c>~</c> and intersection <c>&amp;</c>
/// (both determinize inside Lucene, with no bound) and repetitions above <see cref="QueryLimitsOptions.MaxRegexpRepeat"/>
/// (which also catches <c>{99999999999}</c>, an OverflowException inside Lucene). Follows Lucene's grammar
/// (RegExp.ParseUnionExp and below); text it cannot read is left to Lucene, which reports the syntax error.
/// </summary>
internal sealed class RegexpShapeParser(string text, QueryLimitsOptions limits)
{
    private int _pos;

    /// <summary>The shape, or null when the text is not valid syntax (Lucene then says why).</summary>
    public PatternShape? Parse()
    {
        try
        {
            var shape = text.Length == 0 ? new PatternShape.EmptyString() : ParseUnion();
            return _pos < text.Length ? null : shape;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private PatternShape ParseUnion()
    {
        var left = ParseIntersection();
        return Match('|') ? new PatternShape.Either(left, ParseUnion()) : left;
    }

    private PatternShape ParseIntersection()
    {
        var left = ParseConcat();
        if (Match('&'))
        {
            throw Refuse("The regular expression uses intersection '&', which is not allowed (its cost has no bound).");
        }

        return left;
    }

    private PatternShape ParseConcat()
    {
        var first = ParseRepeat();
        return More() && !Peek(")|&") ? new PatternShape.Sequence(first, ParseConcat()) : first;
    }

    private PatternShape ParseRepeat()
    {
        var shape = ParseComplement();
        while (Peek("?*+{"))
        {
            if (Match('?'))
            {
                shape = new PatternShape.Repeat(shape, 0, 1);
            }
            else if (Match('*'))
            {
                shape = new PatternShape.Repeat(shape, 0, null);
            }
            else if (Match('+'))
            {
                shape = new PatternShape.Repeat(shape, 1, null);
            }
            else if (Match('{'))
            {
                var min = Number() ?? throw new FormatException();
                int? max = min;
                if (Match(','))
                {
                    max = Number();
                }

                if (!Match('}'))
                {
                    throw new FormatException();
                }

                shape = new PatternShape.Repeat(shape, min, max);
            }
        }

        return shape;
    }

    private PatternShape ParseComplement()
    {
        if (Match('~'))
        {
            throw Refuse("The regular expression uses complement '~', which is not allowed (its cost has no bound).");
        }

        return ParseCharClass();
    }

    private PatternShape ParseCharClass()
    {
        if (!Match('['))
        {
            return ParseSimple();
        }

        var negate = Match('^');
        var ranges = new List<(int Lo, int Hi)>();
        do
        {
            var lo = ParseChar();
            var hi = Match('-') ? ParseChar() : lo;
            if (hi < lo)
            {
                throw new FormatException();
            }

            ranges.Add((lo, hi));
        }
        while (More() && !Peek("]"));

        if (!Match(']'))
        {
            throw new FormatException();
        }

        return new PatternShape.CharSet(negate ? Complement(ranges) : ranges);
    }

    private PatternShape ParseSimple()
    {
        if (Match('.'))
        {
            return PatternShape.AnyChar;
        }

        if (Match('#'))
        {
            return new PatternShape.Nothing();
        }

        if (Match('@'))
        {
            return PatternShape.AnyString;
        }

        if (Match('"'))
        {
            var end = text.IndexOf('"', _pos);
            if (end < 0)
            {
                throw new FormatException();
            }

            PatternShape literal = new PatternShape.EmptyString();
            foreach (var c in text[_pos..end])
            {
                literal = new PatternShape.Sequence(literal, PatternShape.Char(c));
            }

            _pos = end + 1;
            return literal;
        }

        if (Match('('))
        {
            if (Match(')'))
            {
                return new PatternShape.EmptyString();
            }

            var inner = ParseUnion();
            return Match(')') ? inner : throw new FormatException();
        }

        if (Match('<'))
        {
            // <identifier> names an automaton (none is provided: matches nothing); <n-m> is a numeric interval,
            // which Lucene builds as a small automaton over digits: count it as that many digit positions.
            var end = text.IndexOf('>', _pos);
            if (end < 0)
            {
                throw new FormatException();
            }

            var body = text[_pos..end];
            _pos = end + 1;
            var dash = body.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !body.Replace("-", "", StringComparison.Ordinal).All(char.IsAsciiDigit))
            {
                return new PatternShape.Nothing();
            }

            var digits = Math.Max(dash, body.Length - dash - 1);
            var digit = new PatternShape.CharSet([('0', '9')]);
            return new PatternShape.Repeat(digit, 1, digits);
        }

        return PatternShape.Char(ParseChar());
    }

    private int ParseChar()
    {
        Match('\\');
        if (!More())
        {
            throw new FormatException();
        }

        if (char.IsHighSurrogate(text[_pos]) && _pos + 1 < text.Length && char.IsLowSurrogate(text[_pos + 1]))
        {
            _pos += 2;
            return char.ConvertToUtf32(text[_pos - 2], text[_pos - 1]);
        }

        return text[_pos++];
    }

    /// <summary>A repetition bound; refused above the limit before it could overflow Lucene's int.Parse.</summary>
    private int? Number()
    {
        var start = _pos;
        while (More() && char.IsAsciiDigit(text[_pos]))
        {
            _pos++;
        }

        if (start == _pos)
        {
            return null;
        }

        var digits = text[start.._pos].TrimStart('0');
        if (digits.Length > 9 || (digits.Length > 0 && int.Parse(digits, CultureInfo.InvariantCulture) > limits.MaxRegexpRepeat))
        {
            throw Refuse($"The regular expression repeats more than {limits.MaxRegexpRepeat} times ({QueryLimitsOptions.SectionName}:{nameof(QueryLimitsOptions.MaxRegexpRepeat)}).");
        }

        return digits.Length == 0 ? 0 : int.Parse(digits, CultureInfo.InvariantCulture);
    }

    private static List<(int Lo, int Hi)> Complement(List<(int Lo, int Hi)> ranges)
    {
        var result = new List<(int Lo, int Hi)>();
        var next = 0;
        foreach (var (lo, hi) in ranges.OrderBy(r => r.Lo))
        {
            if (lo > next)
            {
                result.Add((next, lo - 1));
            }

            next = Math.Max(next, hi + 1);
        }

        if (next <= PatternShape.MaxChar)
        {
            result.Add((next, PatternShape.MaxChar));
        }

        return result;
    }

    private bool More() => _pos < text.Length;

    private bool Peek(string chars) => More() && chars.Contains(text[_pos], StringComparison.Ordinal);

    private bool Match(char c)
    {
        if (More() && text[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private static InvalidQueryException Refuse(string message) => new("q", message);
}
