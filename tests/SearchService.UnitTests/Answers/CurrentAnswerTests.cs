using SearchService.Engine.Answers;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Retrieval;

namespace SearchService.UnitTests.Answers;

public sealed class CurrentAnswerTests
{
    private static SentenceCandidate Candidate(string documentId, DateTime? published, string text, double coverage, params string[] values)
    {
        var citation = new Citation(new DocumentMetadata(documentId, documentId, published, null, null, null, documentId + ".txt"), 1, null, 0, text.Length, 1, 1);
        var hit = new SearchHit(1, 1, documentId + "#0", text, PassageKind.Paragraph, text, [], citation);
        return new SentenceCandidate(hit, new SentenceSpan(0, text.Length), text, coverage, values, coverage);
    }

    [Fact]
    public void When_sources_disagree_the_newest_dated_one_answers_and_the_others_are_alternatives_newest_first_undated_last()
    {
        var undated = Candidate("000", null, "relations to 193", 1.0, "193");
        var old = Candidate("003", new DateTime(2021, 12, 14), "relations with 189 countries", 0.95, "189");
        var newest = Candidate("004", new DateTime(2024, 12, 29), "relations to 194", 0.9, "194");

        var (chosen, alternatives) = CurrentAnswer.Choose(undated, [undated, old, newest]);

        Assert.Same(newest, chosen);
        Assert.Equal([old, undated], alternatives);
    }

    [Fact]
    public void Sources_that_agree_are_not_alternatives_and_the_best_sentence_stays()
    {
        var best = Candidate("000", null, "nearly six million Vietnamese people abroad", 1.0, "6");
        var agreeing = Candidate("004", new DateTime(2024, 12, 29), "nearly 6 million overseas Vietnamese", 0.95, "6");

        var (chosen, alternatives) = CurrentAnswer.Choose(best, [best, agreeing]);

        Assert.Same(best, chosen);
        Assert.Empty(alternatives);
    }

    [Fact]
    public void A_newer_sentence_that_answers_the_question_much_less_well_does_not_take_over()
    {
        var best = Candidate("001", null, "45 visits by key leaders", 1.0, "45");
        var weaker = Candidate("004", new DateTime(2024, 12, 29), "21 visits to countries", 0.6, "21");

        var (chosen, alternatives) = CurrentAnswer.Choose(best, [best, weaker]);

        Assert.Same(best, chosen);
        Assert.Empty(alternatives);
    }
}
