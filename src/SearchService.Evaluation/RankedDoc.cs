namespace SearchService.Evaluation;

/// <summary>One retrieved document of a run. The score is kept because trec_eval ranks by score, not by the rank column.</summary>
public sealed record RankedDoc(string DocId, double Score);
