namespace SearchService.Engine.Ingestion;

/// <summary>What role a passage plays in its article.</summary>
public enum PassageKind
{
    /// <summary>Body text.</summary>
    Paragraph,

    /// <summary>A photo caption or pull quote (in the seeds: a line wrapped in <c>| ... |</c>).</summary>
    Caption,

    /// <summary>An interviewer's question; it is also the context (section) of the answers that follow.</summary>
    Question,
}
