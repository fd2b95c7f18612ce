namespace SearchService.Engine.Ingestion;

/// <summary>
/// Section headings in the corpus are short title-like lines ("Following the times",
/// "A guiding light for the path ahead."). They are structure, not content: they label the passages below them.
/// </summary>
internal static class HeadingRules
{
    /// <summary>The longest heading in the seeds has 7 words; "Thirdly, we must ..." style sentences run longer.</summary>
    public const int MaxHeadingWords = 8;

    /// <summary>
    /// A heading needs something below it to label; a trailing short line is kept as a paragraph instead of vanishing.
    /// A final '.' is allowed (some sites punctuate headings) but not a second sentence, a question or a list intro.
    /// </summary>
    public static bool IsHeading(SourceLine line, bool hasFollowingLine) =>
        hasFollowingLine
        && line.WordCount <= MaxHeadingWords
        && LineShape.StartsLikeTitle(line.Text)
        && !LineShape.EndsWithQuestionMark(line.Text)
        && !LineShape.EndsIncomplete(line.Text)
        && !line.Text.EndsWith('!')
        && !line.Text.EndsWith('…')
        && !LineShape.HasInnerSentenceBreak(line.Text);
}
