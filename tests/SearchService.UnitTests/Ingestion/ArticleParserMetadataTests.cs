using SearchService.Engine.Ingestion;
using static SearchService.UnitTests.Ingestion.ParsedSeeds;

namespace SearchService.UnitTests.Ingestion;

public class ArticleParserMetadataTests
{
    [Fact]
    public void Parse_000WithoutHeadline_TitlesFromFirstSentenceAndHasNoOtherMetadata()
    {
        var metadata = Get(Diplomacy000).Metadata;

        Assert.Equal("In this context, under the close leadership of the Party and the State, foreign affairs…", metadata.Title);
        AssertNoOptionalMetadata(metadata);
    }

    [Fact]
    public void Parse_001WithoutHeadline_TitlesFromFirstParagraphNotFromTheCaption()
    {
        var metadata = Get(Bamboo001).Metadata;

        Assert.Equal("Looking back is also a way to move forward, determined to complete the remaining half of…", metadata.Title);
        AssertNoOptionalMetadata(metadata);
    }

    [Fact]
    public void Parse_002_ReadsDayFirstDateHeadlineAfterItAndTrailingByline()
    {
        var metadata = Get(Conference002).Metadata;

        Assert.Equal("Continue to concretize foreign policy for socio-economic development in new period", metadata.Title);
        Assert.Equal(new DateTime(2023, 1, 10, 21, 52, 0, DateTimeKind.Unspecified), metadata.Published);
        Assert.Equal("Song Nhi - Transalted by Q. Thien", metadata.Byline);
        Assert.Null(metadata.Publisher);
        Assert.Null(metadata.Url);
    }

    [Fact]
    public void Parse_003_ReadsHeadlineAndMonthNameDate()
    {
        var metadata = Get(Interview003).Metadata;

        Assert.Equal("Diplomatic sector serves as key and pioneer force of external affairs: Foreign Minister", metadata.Title);
        Assert.Equal(new DateTime(2021, 12, 14, 7, 8, 0, DateTimeKind.Unspecified), metadata.Published);
        Assert.Null(metadata.Publisher);
        Assert.Null(metadata.Url);
        Assert.Null(metadata.Byline);
    }

    [Fact]
    public void Parse_004_ReadsPublisherGluedToDateAndSourceUrl()
    {
        var metadata = Get(Interview004).Metadata;

        Assert.Equal("Foreign Affairs 2024 creates favorable momentum for the country to enter the era of rising up", metadata.Title);
        Assert.Equal(new DateTime(2024, 12, 29, 0, 0, 0, DateTimeKind.Unspecified), metadata.Published);
        Assert.Equal("Báo Tài nguyên Môi trường", metadata.Publisher);
        Assert.Equal(
            "https://baotainguyenmoitruong.vn/doi-ngoai-2024-tao-da-thuan-loi-cho-dat-nuoc-buoc-vao-ky-nguyen-vuon-385118.html",
            metadata.Url);
        Assert.Null(metadata.Byline);
    }

    [Theory]
    [MemberData(nameof(Ids), MemberType = typeof(ParsedSeeds))]
    public void Parse_MetadataCarriesIdPathAndPipeFreeTitle(string id)
    {
        var metadata = Get(id).Metadata;

        Assert.Equal(id, metadata.DocumentId);
        Assert.Equal(SeedCorpus.PathOf(id), metadata.SourcePath);
        Assert.DoesNotContain('|', metadata.Title);
        Assert.True(metadata.Title.Length <= 100, metadata.Title);
        Assert.True(metadata.Published is null || metadata.Published.Value.Kind == DateTimeKind.Unspecified);
    }

    private static void AssertNoOptionalMetadata(DocumentMetadata metadata)
    {
        Assert.Null(metadata.Published);
        Assert.Null(metadata.Publisher);
        Assert.Null(metadata.Url);
        Assert.Null(metadata.Byline);
    }
}
