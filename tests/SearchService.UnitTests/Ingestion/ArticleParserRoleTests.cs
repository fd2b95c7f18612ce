using SearchService.Engine.Ingestion;
using static SearchService.UnitTests.Ingestion.ParsedSeeds;

namespace SearchService.UnitTests.Ingestion;

/// <summary>Captions, section headings and interview questions in the seeds.</summary>
public class ArticleParserRoleTests
{
    [Fact]
    public void Parse_CaptionsHaveNoPipes()
    {
        var captions = All.SelectMany(document => document.Passages).Where(p => p.Kind == PassageKind.Caption).ToList();

        Assert.NotEmpty(captions);
        Assert.All(captions, caption => Assert.DoesNotContain('|', caption.Text));
    }

    [Theory]
    [InlineData(Diplomacy000, "Since the beginning of the 13th National Congress of the Party, foreign affairs and diplomacy have achieved many important accomplishments. (Source: VNA)")]
    [InlineData(Bamboo001, "“Identifying local foreign affairs as one of the important components")]
    [InlineData(Conference002, "Delegates attending the conference at Long An bridge point")]
    [InlineData(Interview003, "Minister of Foreign Affairs Bùi Thanh Sơn. VNA/VNS Photo")]
    [InlineData(Interview004, "Deputy Prime Minister and Minister of Foreign Affairs Bui Thanh Son - Photo: BNG")]
    public void Parse_PipedCreditedAndBareDescriptiveLinesAreCaptions(string id, string captionStart)
    {
        var passage = Assert.Single(Get(id).Passages, p => p.Text.StartsWith(captionStart, StringComparison.Ordinal));

        Assert.Equal(PassageKind.Caption, passage.Kind);
    }

    [Fact]
    public void Parse_PullQuoteMissingItsOpeningPipeIsStillACaption()
    {
        var quote = Assert.Single(Get(Bamboo001).Passages, p => p.Text.StartsWith("“With the results", StringComparison.Ordinal));

        Assert.Equal(PassageKind.Caption, quote.Kind);
        Assert.EndsWith("Diplomatic Conference.", quote.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Diplomacy000, "Significant and comprehensive results", "The significant and comprehensive success")]
    [InlineData(Diplomacy000, "Following the times", "The world and the region have recently")]
    [InlineData(Bamboo001, "Outstanding highlights", "\"Proud!\" That's the feeling")]
    [InlineData(Bamboo001, "The diplomatic identity of \"Vietnamese bamboo\"", "Success doesn't come naturally")]
    [InlineData(Bamboo001, "A guiding light for the path ahead.", "The five key directions")]
    public void Parse_HeadingIsNotAPassageButLabelsTheNextPassage(string id, string heading, string nextPassageStart)
    {
        var passages = Get(id).Passages;

        Assert.DoesNotContain(passages, passage => passage.Text == heading);
        var next = Assert.Single(passages, passage => passage.Text.StartsWith(nextPassageStart, StringComparison.Ordinal));
        Assert.Equal(heading, next.Section);
    }

    [Fact]
    public void Parse_HeadingLabelsEveryPassageUntilTheNextHeading()
    {
        var passages = Get(Diplomacy000).Passages;

        Assert.Null(passages[0].Section);
        Assert.Null(passages[1].Section);
        Assert.All(passages.Skip(2).Take(8), p => Assert.Equal("Significant and comprehensive results", p.Section));
        Assert.All(passages.Skip(10), p => Assert.Equal("Following the times", p.Section));
    }

    [Fact]
    public void Parse_ShortOrdinalSentenceIsAParagraphNotAHeading()
    {
        var passage = Assert.Single(
            Get(Bamboo001).Passages,
            p => p.Text == "Thirdly, we must always be firm in our principles and flexible in our strategies.");

        Assert.Equal(PassageKind.Paragraph, passage.Kind);
        Assert.Equal("A guiding light for the path ahead.", passage.Section);
    }

    [Theory]
    [InlineData(Interview003, 2)]
    [InlineData(Interview004, 7)]
    public void Parse_InterviewQuestionsAreQuestionPassages(string id, int expected)
    {
        var questions = Get(id).Passages.Where(p => p.Kind == PassageKind.Question).ToList();

        Assert.Equal(expected, questions.Count);
        Assert.All(questions, question => Assert.EndsWith("?", question.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Interview003)]
    [InlineData(Interview004)]
    public void Parse_QuestionIsTheSectionOfTheAnswersThatFollowIt(string id)
    {
        var passages = Get(id).Passages;

        for (var i = 0; i < passages.Count; i++)
        {
            if (passages[i].Kind != PassageKind.Question)
            {
                continue;
            }

            Assert.Equal(passages[i].Text, passages[i + 1].Section);
            var answers = passages.Skip(i + 1).TakeWhile(p => p.Kind != PassageKind.Question);
            Assert.All(answers, answer => Assert.Equal(passages[i].Text, answer.Section));
        }
    }

    [Fact]
    public void Parse_004AnswersKeepTheSpeakerPrefix()
    {
        var passages = Get(Interview004).Passages;
        var firstQuestion = passages.First(p => p.Kind == PassageKind.Question);

        var answer = passages[firstQuestion.Ordinal + 1];

        Assert.StartsWith("Deputy Prime Minister and Minister Bui Thanh Son: In 2024,", answer.Text, StringComparison.Ordinal);
        Assert.Equal(PassageKind.Paragraph, answer.Kind);
    }

    [Fact]
    public void Parse_003QuestionTextIsNormalized()
    {
        var question = Get(Interview003).Passages.First(p => p.Kind == PassageKind.Question);

        Assert.Equal(
            "Looking back at our country's revolutionary history, how has the foreign affairs sector contributed to the overall achievements of Vietnamese foreign policy, especially during the đổi mới (Renewal) period?",
            question.Text);
    }
}
