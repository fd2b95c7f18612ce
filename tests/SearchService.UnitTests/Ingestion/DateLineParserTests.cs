using SearchService.Engine.Ingestion;

namespace SearchService.UnitTests.Ingestion;

public class DateLineParserTests
{
    [Theory]
    [InlineData("10/01/2023 - 21:52", 2023, 1, 10, 21, 52)]
    [InlineData("December 14, 2021 - 07:08", 2021, 12, 14, 7, 8)]
    [InlineData("Dec 14, 2021", 2021, 12, 14, 0, 0)]
    [InlineData("29/12/2024", 2024, 12, 29, 0, 0)]
    public void TryParse_ReadsDayFirstAndMonthNameDates(string line, int year, int month, int day, int hour, int minute)
    {
        Assert.True(DateLineParser.TryParse(line, out var parsed));
        Assert.Equal(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), parsed!.Published);
        Assert.Null(parsed.Publisher);
    }

    [Theory]
    [InlineData("Báo Tài nguyên Môi trườngBáo Tài nguyên Môi trường29/12/2024", "Báo Tài nguyên Môi trường")]
    [InlineData("Nhân Dân - 29/12/2024", "Nhân Dân")]
    public void TryParse_TakesOneCopyOfAPublisherGluedToTheDate(string line, string publisher)
    {
        Assert.True(DateLineParser.TryParse(line, out var parsed));
        Assert.Equal(publisher, parsed!.Publisher);
        Assert.Equal(new DateTime(2024, 12, 29), parsed.Published);
    }

    [Theory]
    [InlineData("31/02/2024")]
    [InlineData("The meeting took place and everyone agreed on the plan for next year. 10/01/2023")]
    [InlineData("Foreign Affairs 2024 creates favorable momentum")]
    [InlineData("2024")]
    public void TryParse_RejectsLinesThatAreNotPublicationDates(string line)
    {
        Assert.False(DateLineParser.TryParse(line, out _));
    }
}
