namespace SearchService.Evaluation;

/// <summary>One line of a BEIR <c>corpus.jsonl</c>. Title and text are empty strings (never null) when the file omits them: many BEIR corpora have no titles.</summary>
public sealed record BeirDocument(string Id, string Title, string Text);
