namespace SearchService.Engine.Embeddings;

/// <summary>What embedding needs of a passage, as read back from the index.</summary>
public sealed record StoredPassage(string PassageId, string DocumentId, string? Title, string? Section, string Text);
