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
        var decomposed = text.Normalize(NormalizationForm.FormD);
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

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

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
