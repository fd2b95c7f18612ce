using SearchService.Engine.Answers;

namespace SearchService.UnitTests.Answers;

public sealed class AnswerTypeMatcherTests
{
    [Fact]
    public void A_count_is_a_number_but_years_ordinals_and_the_questions_own_numbers_are_not()
    {
        const string question = "How many international tourists did Vietnam welcome in the first 11 months of 2024?";

        Assert.Equal(["15.8", "44"], AnswerTypeMatcher.Values(AnswerType.Number, "welcoming more than 15.8 million international tourists in the first 11 months of the year, an increase of 44% over 2023.", question));
        Assert.Empty(AnswerTypeMatcher.Values(AnswerType.Number, "In 2024, the 13th Congress met in the first 11 months.", question));
    }

    [Fact]
    public void Number_words_are_normalized_so_six_million_and_6_million_agree()
    {
        Assert.Equal(["6"], AnswerTypeMatcher.Values(AnswerType.Number, "nearly six million Vietnamese people abroad", "How many?"));
        Assert.Equal(["6"], AnswerTypeMatcher.Values(AnswerType.Number, "nearly 6 million overseas Vietnamese", "How many?"));
    }

    [Fact]
    public void A_date_is_a_month_day_or_year_not_asked_about()
    {
        Assert.Contains("December 14", AnswerTypeMatcher.Values(AnswerType.Date, "ahead of the first National Conference on Foreign Affairs on December 14 about", "When was it held?"));
        Assert.Empty(AnswerTypeMatcher.Values(AnswerType.Date, "Remittances reached a record in 2024.", "When did remittances peak in 2024?"));
    }

    [Theory]
    [InlineData("Minister of Foreign Affairs Bùi Thanh Sơn speaks to the media.", "Bùi Thanh Sơn")]
    [InlineData("visits to Vietnam by US President Joe Biden", "Joe Biden")]
    [InlineData("as UN Secretary-General Antonio Guterres mentioned", "Antonio Guterres")]
    public void A_person_is_a_family_name_with_given_names_or_a_name_after_a_title(string sentence, string person)
    {
        Assert.Contains(person, AnswerTypeMatcher.Values(AnswerType.Person, sentence, "Who is it?"));
    }

    [Fact]
    public void Places_organisations_and_the_persons_named_in_the_question_are_not_answers_to_who()
    {
        Assert.Empty(AnswerTypeMatcher.Values(AnswerType.Person, "upgraded relations to Strategic Partnership with Brazil and the United Nations.", "Who is the president of Brazil?"));
        Assert.Empty(AnswerTypeMatcher.Values(AnswerType.Person, "Minister Bui Thanh Son spoke.", "What did Bùi Thanh Sơn say?"));
    }

    [Fact]
    public void Text_with_a_lone_surrogate_is_matched_without_throwing()
    {
        Assert.Equal("Bui \uD800 Son", AnswerTypeMatcher.Fold("Bui \uD800 Son"));
        Assert.Contains("Nguyen Quoc Dung", AnswerTypeMatcher.Values(AnswerType.Person, "Ambassador Nguyen Quoc Dung said", "Who is \uDC00 the ambassador?"));
    }

    [Fact]
    public void Folding_strips_vietnamese_diacritics()
    {
        Assert.Equal("Bui Thanh Son doi moi", AnswerTypeMatcher.Fold("Bùi Thanh Sơn đổi mới"));
    }
}
