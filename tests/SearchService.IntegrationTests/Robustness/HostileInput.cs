using System.Globalization;
using System.Text;
using CsCheck;

namespace SearchService.IntegrationTests.Robustness;

/// <summary>
/// Generators of hostile requests (control characters, lone surrogates, right-to-left text, 10,000 '(', Lucene syntax
/// soup, injection text, very long tokens, invalid k/offset/mode/syntax) and the encoders a client would use to send
/// them: percent-encoding for URLs (lone surrogates as U+FFFD like a browser, or as WTF-8 bytes like a sloppy client),
/// <c>\uXXXX</c> escapes for JSON, and U+FFFD replacement for gRPC (protobuf strings must be valid UTF-8).
/// </summary>
internal static class HostileInput
{
    /// <summary>Words that occur in the test corpus, so many hostile queries still reach real hits and snippets.</summary>
    private static readonly string[] Words =
    [
        "vietnam", "doi", "moi", "diplomacy", "asean", "hanoi", "trade", "countries", "relations", "foreign",
        "script", "alert", "zebu", "bold", "quoted", "claims", "markup", "mark", "b", "examined", "amp", "lt", "gt",
    ];

    private static readonly string[] LuceneTokens =
    [
        "AND", "OR", "NOT", "&&", "||", "!", "+", "-", "(", ")", "[", "]", "{", "}", "~", "~2", "~0.5", "^", "^3", ":",
        "\"", "\\", "/", "*", "?", "text:", "title:", "section:", "nofield:", "[a TO z]", "{a TO *}", "/[a-z]+/", "*:*",
        "\"zebu script\"~3", "vi*nam", "?oi", "*am", "TO",
    ];

    private static readonly string[] Injections =
    [
        "'; DROP TABLE passages;--", "\" OR 1=1 --", "1' OR '1'='1", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
        "<svg/onload=alert('zebu')>", "javascript:alert(1)", "{{7*7}}", "${jndi:ldap://127.0.0.1/a}", "../../../../etc/passwd",
        "%00%2e%2e%2f", "&lt;script&gt;", "</mark><script>", "<mark>zebu</mark>", "\"><b>x</b>", "' UNION SELECT * FROM users --",
    ];

    private static readonly string[] RightToLeft =
    [
        "مرحبا بالعالم فيتنام", "שלום עולם דיפלומטיה", "\u202Egnp.exe\u202C", "\u200F\u05D0\u200E zebu", "سياسة خارجية ASEAN",
        "\u061C\u0627\u0644\u0633\u0644\u0627\u0645", "zebu \u202B(script)\u202C alert",
    ];

    private static readonly Gen<string> Word = Gen.OneOf(Words);

    /// <summary>Any UTF-16 code unit, weighted towards the troublesome ones; lone surrogates included.</summary>
    private static readonly Gen<char> NastyChar = Gen.Frequency(
        (6, Gen.Char[' ', '~']),
        (2, Gen.Char['\0', '\x1f']),
        (1, Gen.OneOf('\x7f', '\u0085', '\u00a0', '\u200b', '\u200d', '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff')),
        (2, Gen.Char['\ud800', '\udfff']),
        (1, Gen.Char['\u0590', '\u06ff']),
        (1, Gen.Char['\u0300', '\u036f']),
        (1, Gen.OneOf('đ', 'ổ', 'ớ', 'Ệ', 'ß', 'İ', 'ﬃ', '中', '文')),
        (1, Gen.Char));

    private static readonly Gen<string> ArbitraryString = NastyChar.Array[0, 40].Select(chars => new string(chars));

    private static readonly Gen<string> Emoji = Gen.OneOf("😀", "👨‍👩‍👧", "🇻🇳", "\U0001F9EA");

    private static readonly Gen<string> Parens = Gen.Frequency(
        (1, Gen.Const(new string('(', 10_000))),
        (2, Gen.Int[1, 1_000].Select(n => new string('(', n))),
        (1, Gen.Int[1, 1_200].Select(n => new string(')', n))),
        (2, Gen.Select(Gen.Int[1, 480], Word, (n, w) => new string('(', n) + w + new string(')', n))));

    private static readonly Gen<string> LuceneSoup = Gen.Select(
        Gen.Frequency((2, Gen.OneOf(LuceneTokens)), (1, Word)).Array[1, 12],
        Gen.Bool,
        (parts, spaced) => string.Join(spaced ? " " : "", parts));

    private static readonly Gen<string> LongToken = Gen.Frequency(
        (1, Gen.Const(new string('a', 5_000))),
        (1, Gen.Int[256, 5_000].Select(n => new string('z', n))),
        (2, Gen.Select(Gen.Int[200, 995], Word, (n, w) => w + new string('x', n))));

    /// <summary>One fragment of a hostile query.</summary>
    private static readonly Gen<string> Fragment = Gen.Frequency(
        (4, Word),
        (3, ArbitraryString),
        (1, Emoji),
        (2, Gen.OneOf(RightToLeft)),
        (1, Parens),
        (3, LuceneSoup),
        (2, Gen.OneOf(Injections)),
        (1, LongToken));

    /// <summary>A query: a few fragments, joined by the kinds of separators people and programs produce.</summary>
    public static readonly Gen<string?> Query = Gen.Frequency(
        (30, Gen.Select(Fragment.Array[1, 4], Gen.OneOf(" ", "", "\t", "\n", " AND ", "\u3000"), (parts, sep) => (string?)string.Join(sep, parts))),
        (1, Gen.OneOf<string?>(null, "", " ", "\t\n", "\0")));

    /// <summary>Query-string values for k and offset: mostly valid (so most requests reach the engine), else out of range, malformed or absent.</summary>
    public static readonly Gen<string?> KText = Gen.Frequency(
        (4, Gen.OneOf<string?>(null, "1", "3", "10", "100")),
        (1, Gen.OneOf<string?>("", "0", "-1", "101", "abc", "1e3", "99999999999", " 5", "5 ", "+7", "0x10", "١٢")));

    public static readonly Gen<string?> OffsetText = Gen.Frequency(
        (4, Gen.OneOf<string?>(null, "0", "1", "5", "9990")),
        (1, Gen.OneOf<string?>("", "9999", "10000", "-5", "x", "2147483647", "-2147483648", "3.5")));

    /// <summary>Raw JSON tokens for the numeric body fields, including wrong types.</summary>
    public static readonly Gen<string?> NumberJson = Gen.Frequency(
        (4, Gen.OneOf<string?>(null, "null", "1", "5", "100")),
        (1, Gen.OneOf<string?>("0", "-1", "101", "1.5", "1e3", "\"5\"", "99999999999", "true", "[]", "2147483647")));

    public static readonly Gen<string?> Mode = Gen.Frequency(
        (6, Gen.OneOf<string?>(null, "lexical", "semantic", "hybrid")),
        (1, Gen.OneOf<string?>("", "LEXICAL", "Hybrid", "fast", "lexical\0", "हाइब्रिड")));

    public static readonly Gen<string?> Syntax = Gen.Frequency(
        (6, Gen.OneOf<string?>(null, "plain", "lucene", "lucene")),
        (1, Gen.OneOf<string?>("LUCENE", "regex", "")));

    public static readonly Gen<int?> GrpcNumber = Gen.Frequency(
        (3, Gen.Const((int?)null)),
        (4, Gen.Int[1, 20].Select(n => (int?)n)),
        (2, Gen.OneOf<int?>(0, -1, 100, 101, 9_990, 9_999, 10_000, int.MaxValue, int.MinValue)));

    /// <summary>
    /// Percent-encodes every code unit except RFC 3986 unreserved characters. A lone surrogate has no UTF-8 form: a
    /// browser sends U+FFFD (<c>%EF%BF%BD</c>); with <paramref name="wtf8"/> it is sent as its three WTF-8 bytes
    /// (<c>%ED%A0%80</c>), which is invalid UTF-8 the server must cope with.
    /// </summary>
    public static string PercentEncode(string value, bool wtf8)
    {
        var builder = new StringBuilder(value.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '.' or '_' or '~')
            {
                builder.Append(c);
                continue;
            }

            int count;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                count = Encoding.UTF8.GetBytes(value.AsSpan(i, 2), bytes);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                if (wtf8)
                {
                    bytes[0] = (byte)(0xE0 | (c >> 12));
                    bytes[1] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    bytes[2] = (byte)(0x80 | (c & 0x3F));
                    count = 3;
                }
                else
                {
                    count = Encoding.UTF8.GetBytes("\ufffd", bytes);
                }
            }
            else
            {
                count = Encoding.UTF8.GetBytes(value.AsSpan(i, 1), bytes);
            }

            for (var b = 0; b < count; b++)
            {
                builder.Append('%').Append(bytes[b].ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>A JSON string literal with every non-printable-ASCII code unit as <c>\uXXXX</c>, lone surrogates included.</summary>
    public static string JsonString(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c == '"' || c == '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c is < ' ' or > '~')
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>What a gRPC client can send: lone surrogates replaced by U+FFFD (protobuf strings are UTF-8).</summary>
    public static string ValidUtf16(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\ufffd' : c);
            }
        }

        return builder.ToString();
    }

    /// <summary>A short, printable description of a value for failure messages (escapes, and the length of long ones).</summary>
    public static string Show(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var shown = value.Length > 120 ? value[..60] + $"…({value.Length} chars)…" + value[^40..] : value;
        return JsonString(shown);
    }

    /// <summary>
    /// A snippet is HTML: the passage escaped, with matches in &lt;mark&gt;. Once exactly those tags are removed no
    /// '&lt;' or '&gt;' may remain, whatever the passage or the query contained.
    /// </summary>
    public static void AssertSafeSnippet(string snippet, string context)
    {
        var bare = snippet.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal);
        if (bare.Contains('<') || bare.Contains('>'))
        {
            throw new Xunit.Sdk.XunitException($"Unsafe snippet for {context}: {snippet}");
        }
    }
}
