namespace SearchService.Engine.Ingestion;

/// <summary>Decides the role of a body line. The order matters: the more specific shapes are tested first.</summary>
internal static class LineClassifier
{
    public static LineRole Classify(SourceLine line, bool hasFollowingLine)
    {
        if (LineShape.IsPiped(line.Text) || CaptionRules.IsPhotoCredit(line.Text))
        {
            return LineRole.Caption;
        }

        // Interview questions are whole paragraphs ending in '?'; they are searchable and also label the answers.
        if (LineShape.EndsWithQuestionMark(line.Text))
        {
            return LineRole.Question;
        }

        if (HeadingRules.IsHeading(line, hasFollowingLine))
        {
            return LineRole.Heading;
        }

        return CaptionRules.IsBareCaption(line) ? LineRole.Caption : LineRole.Paragraph;
    }
}
