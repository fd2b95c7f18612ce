namespace SearchService.Evaluation;

/// <summary>
/// Orders ids the way C's <c>strcmp</c> orders their UTF-8 bytes, which is what trec_eval uses.
/// That is Unicode code-point order. <see cref="string.CompareOrdinal(string, string)"/> compares UTF-16 code units,
/// which agrees except that it puts supplementary characters (surrogates, 0xD800–0xDFFF) before 0xE000–0xFFFF;
/// the fix-up below moves surrogates above that range, the standard trick for code-point order over UTF-16.
/// </summary>
internal sealed class TrecDocIdComparer : IComparer<string>
{
    public static TrecDocIdComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                return CodePointOrderKey(x[i]) - CodePointOrderKey(y[i]);
            }
        }

        return x.Length - y.Length;
    }

    private static int CodePointOrderKey(char c) => c switch
    {
        >= '\uE000' => c - 0x800,
        >= '\uD800' => c + 0x2000,
        _ => c,
    };
}
