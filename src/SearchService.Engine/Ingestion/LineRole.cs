namespace SearchService.Engine.Ingestion;

/// <summary>What a body line is, before it becomes (or does not become) a passage.</summary>
internal enum LineRole
{
    Paragraph,
    Caption,
    Question,

    /// <summary>Labels the passages that follow; never a passage itself.</summary>
    Heading,
}
