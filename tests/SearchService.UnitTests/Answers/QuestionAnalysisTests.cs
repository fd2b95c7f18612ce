using SearchService.Engine.Answers;

namespace SearchService.UnitTests.Answers;

public sealed class QuestionAnalysisTests
{
    [Theory]
    [InlineData("How many countries does Vietnam have diplomatic relations with now?", AnswerType.Number)]
    [InlineData("With how many countries has Viet Nam established diplomatic relations", AnswerType.Number)]
    [InlineData("How much are remittances expected to reach in 2024?", AnswerType.Number)]
    [InlineData("When was the first National Conference on Foreign Affairs held?", AnswerType.Date)]
    [InlineData("In what year did the diplomatic service begin?", AnswerType.Date)]
    [InlineData("Who is Vietnam's ambassador to the US?", AnswerType.Person)]
    [InlineData("Which US president visited Vietnam?", AnswerType.Person)]
    [InlineData("Which country's diplomatic relations completed Vietnam's ties with all of Africa?", AnswerType.Place)]
    [InlineData("What titles does To Lam hold?", AnswerType.Any)]
    public void A_question_expects_the_answer_type_its_wording_asks_for(string question, AnswerType expected)
    {
        var analysis = QuestionAnalysis.Of(question);

        Assert.True(analysis.IsQuestion);
        Assert.Equal(expected, analysis.Expected);
    }

    [Theory]
    [InlineData("doi moi")]
    [InlineData("price of bitcoin")]
    [InlineData("Vietnamese bamboo diplomacy")]
    [InlineData("free trade agreements 2024")]
    [InlineData("vietnam can grow")]
    public void Keyword_searches_are_not_questions(string query)
    {
        Assert.False(QuestionAnalysis.Of(query).IsQuestion);
    }

    [Theory]
    [InlineData("Vietnam diplomatic relations count?")]
    [InlineData("what is doi moi")]
    [InlineData("In how many countries do overseas Vietnamese live")]
    public void A_question_mark_or_a_question_word_near_the_start_makes_a_question(string query)
    {
        Assert.True(QuestionAnalysis.Of(query).IsQuestion);
    }
}
