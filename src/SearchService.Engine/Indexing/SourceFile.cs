using System.Security.Cryptography;
using System.Text;

namespace SearchService.Engine.Indexing;

/// <summary>
/// A source file read once: its decoded text, its fingerprint, and what was wrong with it if something was but it
/// could still be indexed (invalid UTF-8, empty). Files that cannot sensibly be indexed (binary, too large) throw
/// <see cref="UnindexableSourceException"/> with a reason a person understands.
/// </summary>
internal sealed record SourceFile(string Path, string Text, SourceFingerprint Fingerprint, string? Warning)
{
    private const int SniffBytes = 8192;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>A file on its own, with its folder as the sources folder (evaluation over a folder of articles).</summary>
    public static SourceFile Read(FileInfo file, long maxBytes)
    {
        var folder = SourceFolder.Find(file.DirectoryName!) ?? throw new UnindexableSourceException(SourceFolder.Disappeared);
        using var opened = OpenedSource.Open(folder, file.FullName);
        return opened.Read(maxBytes);
    }

    /// <summary>Decodes what was read; <paramref name="bytes"/> is the whole file.</summary>
    public static SourceFile FromBytes(string path, byte[] bytes, DateTime modifiedUtc)
    {
        if (LooksBinary(bytes))
        {
            throw new UnindexableSourceException("binary content (NUL bytes or mostly control characters), not text");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var preamble = bytes.AsSpan().StartsWith(StrictUtf8.Preamble) ? StrictUtf8.Preamble.Length : 0;
        var (text, warning) = Decode(bytes, preamble);
        if (string.IsNullOrWhiteSpace(text))
        {
            warning = "empty: the file has no text";
        }

        return new SourceFile(path, text, new SourceFingerprint(hash, bytes.LongLength, modifiedUtc), warning);
    }

    public static string TooLarge(long length, long maxBytes) =>
        $"too large: {length / 1048576.0:F1} MB, the limit is {maxBytes / 1048576.0:F1} MB (Search:MaxFileBytes)";

    // Strict first, so a stray byte is reported; then lenient, so it costs one character, not the document.
    private static (string Text, string? Warning) Decode(byte[] bytes, int start)
    {
        try
        {
            return (StrictUtf8.GetString(bytes, start, bytes.Length - start), null);
        }
        catch (DecoderFallbackException)
        {
            var text = LenientUtf8.GetString(bytes, start, bytes.Length - start);
            var replaced = text.Count(c => c == '\uFFFD');
            return (text, $"invalid UTF-8: {replaced} undecodable sequence(s) replaced with U+FFFD");
        }
    }

    private static bool LooksBinary(byte[] bytes)
    {
        var sample = bytes.AsSpan(0, Math.Min(bytes.Length, SniffBytes));
        if (sample.Contains((byte)0))
        {
            return true;
        }

        var control = 0;
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not (byte)'\f')
            {
                control++;
            }
        }

        return sample.Length > 0 && control > sample.Length / 10;
    }
}

/// <summary>A source file that is skipped, with the reason.</summary>
internal sealed class UnindexableSourceException(string reason) : Exception(reason);
