using System.Buffers;
using System.Numerics;

namespace SearchService.Engine.Retrieval;

/// <summary>
/// The top-level doc ids a lexical pass matched, as a bitset over the reader's <c>maxDoc</c> (rented from the shared
/// pool, returned on dispose). Hybrid's total is |lexical ∪ semantic|: with the lexical matches recorded while they
/// are scored, the overlap with the semantic matches is a bit test per semantic passage instead of a second run of the
/// lexical query (which was 11% of a hybrid request's CPU, docs/benchmarks.md issue 19).
/// </summary>
internal sealed class MatchedDocs : IDisposable
{
    private readonly int _maxDoc;
    private ulong[]? _words;

    public MatchedDocs(int maxDoc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDoc);
        _maxDoc = maxDoc;

        // One spare word: a 64-document run starting mid-word spills into the next.
        var length = (maxDoc >> 6) + 2;
        _words = ArrayPool<ulong>.Shared.Rent(length);
        Array.Clear(_words, 0, length);
    }

    /// <summary>Records top-level doc <paramref name="doc"/>.</summary>
    public void Add(int doc) => Words[doc >> 6] |= 1UL << (doc & 63);

    /// <summary>Records the documents <paramref name="firstDoc"/> + i for every set bit i of <paramref name="bits"/>.</summary>
    public void AddRun(int firstDoc, ulong bits)
    {
        if (bits == 0)
        {
            return;
        }

        var words = Words;
        var word = firstDoc >> 6;
        var shift = firstDoc & 63;
        words[word] |= bits << shift;
        if (shift != 0)
        {
            words[word + 1] |= bits >> (64 - shift);
        }
    }

    public bool Contains(int doc) => (uint)doc < (uint)_maxDoc && (Words[doc >> 6] & (1UL << (doc & 63))) != 0;

    /// <summary>How many of <paramref name="docs"/> are recorded.</summary>
    public int CountOf(IEnumerable<int> docs)
    {
        var count = 0;
        foreach (var doc in docs)
        {
            count += Contains(doc) ? 1 : 0;
        }

        return count;
    }

    /// <summary>How many documents are recorded.</summary>
    public long Count()
    {
        var words = Words;
        var length = (_maxDoc >> 6) + 2;
        long count = 0;
        for (var i = 0; i < length; i++)
        {
            count += BitOperations.PopCount(words[i]);
        }

        return count;
    }

    private ulong[] Words => _words ?? throw new ObjectDisposedException(nameof(MatchedDocs));

    public void Dispose()
    {
        if (_words is { } words)
        {
            _words = null;
            ArrayPool<ulong>.Shared.Return(words);
        }
    }
}
