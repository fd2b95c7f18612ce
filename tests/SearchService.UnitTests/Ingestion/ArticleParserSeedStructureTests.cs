using SearchService.Engine.Ingestion;
using static SearchService.UnitTests.Ingestion.ParsedSeeds;

namespace SearchService.UnitTests.Ingestion;

/// <summary>Expected values were checked by reading every parsed passage of every seed against the raw file.</summary>
public class ArticleParserSeedStructureTests
{
    [Theory]
    [InlineData(Diplomacy000, 14)]
    [InlineData(Bamboo001, 24)]
    [InlineData(Conference002, 14)]
    [InlineData(Interview003, 27)]
    [InlineData(Interview004, 56)]
    public void Parse_EmitsTheVerifiedNumberOfPassagesPerSeed(string id, int expected)
    {
        Assert.Equal(expected, Get(id).Passages.Count);
    }

    [Theory]
    [InlineData(Diplomacy000, 2)]
    [InlineData(Bamboo001, 4)]
    [InlineData(Conference002, 1)]
    [InlineData(Interview003, 1)]
    [InlineData(Interview004, 1)]
    public void Parse_EmitsTheVerifiedNumberOfCaptionsPerSeed(string id, int expected)
    {
        Assert.Equal(expected, Get(id).Passages.Count(passage => passage.Kind == PassageKind.Caption));
    }

    [Theory]
    [MemberData(nameof(Ids), MemberType = typeof(ParsedSeeds))]
    public void Parse_PassageIdsAreDocIdHashOrdinalAndUnique(string id)
    {
        var passages = Get(id).Passages;

        for (var ordinal = 0; ordinal < passages.Count; ordinal++)
        {
            Assert.Equal(ordinal, passages[ordinal].Ordinal);
            Assert.Equal($"{id}#{ordinal}", passages[ordinal].PassageId);
            Assert.Equal(id, passages[ordinal].DocumentId);
        }

        Assert.Equal(passages.Count, passages.Select(passage => passage.PassageId).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Ids), MemberType = typeof(ParsedSeeds))]
    public void Parse_PassagesAreInReadingOrder(string id)
    {
        var passages = Get(id).Passages;

        Assert.All(passages.Zip(passages.Skip(1)), pair => Assert.True(pair.First.CharEnd <= pair.Second.CharStart));
    }

    [Fact]
    public void Parse_IsStableForUnchangedText()
    {
        var raw = SeedCorpus.Load(Interview004);

        var first = new ArticleParser().Parse(Interview004, "a", raw);
        var second = new ArticleParser().Parse(Interview004, "a", raw);

        Assert.Equal(first.Passages, second.Passages);
    }

    [Theory]
    [InlineData("Comment (")]
    [InlineData("No data")]
    [InlineData("Same tag")]
    [InlineData("Same category")]
    [InlineData("Same author")]
    [InlineData("Vietnamese | English")]
    [InlineData("Ảnh 1")]
    [InlineData("Ảnh 2")]
    [InlineData("Source: http")]
    [InlineData("No videos available")]
    [InlineData("Colorful Vietnamese landscapes through the lens of photographer Khanh Phan")]
    [InlineData("Vietnam calls for peaceful resolution of conflict in Ukraine")]
    [InlineData("Developing community tourism in Ha Giang")]
    [InlineData("French father brings daughter back to Vietnam")]
    public void Parse_DropsBoilerplateFromEverySeed(string boilerplate)
    {
        var offenders = All.SelectMany(document => document.Passages)
            .Where(passage => passage.Text.Contains(boilerplate, StringComparison.Ordinal))
            .Select(passage => passage.PassageId);

        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("Source")]
    [InlineData("Image")]
    [InlineData("Heritage")]
    [InlineData("Figure")]
    [InlineData("Business")]
    [InlineData("News")]
    [InlineData("Ministry - Branch")]
    [InlineData("Local")]
    [InlineData("Product")]
    public void Parse_DropsStandaloneWidgetLabels(string label)
    {
        Assert.DoesNotContain(All.SelectMany(document => document.Passages), passage => passage.Text == label);
    }

    [Fact]
    public void Parse_NoPassageIsASourceLabel()
    {
        // "(Source: VNA)" inside 000's lead caption is part of the caption and stays; a line *starting* with the label is furniture.
        Assert.DoesNotContain(All.SelectMany(d => d.Passages), p => p.Text.StartsWith("Source", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DropsTheRepeatedLeadOf003()
    {
        var passages = Get(Interview003).Passages;

        var leads = passages.Where(passage => passage.Text.StartsWith("Minister of Foreign Affairs Bùi Thanh Sơn speaks", StringComparison.Ordinal)).ToList();

        var lead = Assert.Single(leads);
        Assert.Equal(4, lead.LineStart);
        Assert.Equal(passages.Count, passages.Select(passage => passage.Text).Distinct().Count());
    }

    [Fact]
    public void Parse_MetadataLinesAreNotPassages()
    {
        var texts = All.SelectMany(document => document.Passages).Select(passage => passage.Text).ToList();

        Assert.DoesNotContain("10/01/2023 - 21:52", texts);
        Assert.DoesNotContain("December 14, 2021 - 07:08", texts);
        Assert.DoesNotContain(texts, text => text.Contains("29/12/2024", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, text => text.StartsWith("By Song Nhi", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, text => text.Contains("https://", StringComparison.Ordinal));
        Assert.All(All, document => Assert.DoesNotContain(document.Metadata.Title, document.Passages.Select(p => p.Text)));
    }
}
