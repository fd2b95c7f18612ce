namespace SearchService.Engine.Ingestion;

/// <summary>
/// Remembers which heading or interview question the reader is under. A question scopes only the answers up to the
/// next question or heading; a heading resets everything, since a new part of the article begins.
/// </summary>
internal sealed class SectionTracker
{
    private string? heading;
    private string? question;

    /// <summary>The section for an ordinary passage: the latest question if one is open, otherwise the heading.</summary>
    public string? Current => question ?? heading;

    /// <summary>A question belongs to the heading above it, not to the previous question.</summary>
    public string? ForQuestion => heading;

    public void EnterHeading(string text)
    {
        heading = text;
        question = null;
    }

    public void EnterQuestion(string text) => question = text;
}
