using System.Security.Cryptography;
using System.Text;

namespace SearchService.Engine.Indexing;

/// <summary>A source file read once: its decoded text and its fingerprint.</summary>
internal sealed record SourceFile(string Path, string Text, SourceFingerprint Fingerprint)
{
    // Replacement rather than an exception for invalid UTF-8: a stray byte should cost one character, not the document.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static SourceFile Read(FileInfo file)
    {
        var bytes = File.ReadAllBytes(file.FullName);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var preamble = bytes.AsSpan().StartsWith(Utf8.Preamble) ? Utf8.Preamble.Length : 0;
        var text = Utf8.GetString(bytes, preamble, bytes.Length - preamble);
        return new SourceFile(file.FullName, text, new SourceFingerprint(hash, bytes.LongLength, file.LastWriteTimeUtc));
    }
}
