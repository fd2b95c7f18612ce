using SearchService.Engine;

namespace SearchService.UnitTests.Indexing;

public sealed class PublicTextTests
{
    [Theory]
    [InlineData("read past EOF: NIOFSIndexInput(path=\"/tmp/searchservice-x/index/_1.fdt\")", "read past EOF: NIOFSIndexInput(path=\"index/_1.fdt\")")]
    [InlineData("Could not find file '/srv/search/index/_0.cfs'.", "Could not find file 'index/_0.cfs'.")]
    [InlineData("Access to the path '/var/lib/app/seeds/x.txt' is denied.", "Access to the path 'seeds/x.txt' is denied.")]
    [InlineData("moved to C:\\data\\index.corrupt-1 beside it", "moved to data/index.corrupt-1 beside it")]
    public void AbsolutePaths_KeepOnlyTheirLastTwoParts(string message, string expected) =>
        Assert.Equal(expected, PublicText.WithoutPaths(message));

    [Theory]
    [InlineData("too large: 50.0 MB, the limit is 20.0 MB (Search:MaxFileBytes)")]
    [InlineData("invalid UTF-8: 2 undecodable sequence(s) replaced with U+FFFD")]
    [InlineData("has the same document id as 'a.txt'; see index/README.md")]
    [InlineData("At 2026-11-30T05:00:00.0000000+00:00 the index was found corrupt")]
    public void TextWithoutAbsolutePaths_IsUnchanged(string message) =>
        Assert.Equal(message, PublicText.WithoutPaths(message));
}
