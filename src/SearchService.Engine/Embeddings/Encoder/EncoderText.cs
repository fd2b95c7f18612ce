using System.Globalization;
using System.Text;

namespace SearchService.Engine.Embeddings.Encoder;

/// <summary>
/// What the encoder reads. The English WordPiece vocabularies have no Vietnamese letters: "Việt" would be a single
/// [UNK]. Folding to base letters (NFD, combining marks dropped, đ → d) turns it into "viet", which the vocabulary
/// has, and is what an uncased BERT tokenizer's accent stripping does anyway for the letters it knows.
/// </summary>
public static class EncoderText
{
    public static string Fold(string text)
    {
        // Normalize throws on a lone surrogate or a noncharacter (hostile or truncated input): they become U+FFFD, as
        // invalid UTF-8 does, and text that still cannot be normalized is read as it is.
        var clean = WithoutInvalidCodePoints(text);
        var decomposed = TryNormalize(clean, NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (c)
            {
                case 'đ':
                    folded.Append('d');
                    break;
                case 'Đ':
                    folded.Append('D');
                    break;
                default:
                    if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                    {
                        folded.Append(c);
                    }

                    break;
            }
        }

        return TryNormalize(folded.ToString(), NormalizationForm.FormC);
    }

    private static string TryNormalize(string text, NormalizationForm form)
    {
        try
        {
            return text.Normalize(form);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    private static string WithoutInvalidCodePoints(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') && !text.AsSpan().ContainsAnyInRange('\uFDD0', '\uFDEF') && !text.AsSpan().ContainsAny('\uFFFE', '\uFFFF'))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(text[i]).Append(text[++i]);
            }
            else
            {
                clean.Append(char.IsSurrogate(text[i]) || IsNoncharacter(text[i]) ? '\uFFFD' : text[i]);
            }
        }

        return clean.ToString();
    }

    private static bool IsNoncharacter(char c) => c is >= '\uFDD0' and <= '\uFDEF' or '\uFFFE' or '\uFFFF';

    /// <summary>
    /// What a passage is embedded as: its title and section give a short passage its context (a title the text
    /// already starts with, as in a BEIR corpus, is not repeated).
    /// </summary>
    public static string OfPassage(string? title, string? section, string text)
    {
        var heading = string.Join(". ", new[] { title, section }
            .Where(s => !string.IsNullOrWhiteSpace(s) && !text.StartsWith(s, StringComparison.Ordinal)));
        return heading.Length == 0 ? text : $"{heading}. {text}";
    }
}
