namespace SearchService.BrowserTests;

/// <summary>
/// A browser test: skipped, with the reason, on a machine without the system Chromium (so `dotnet test` works
/// there), and run wherever it exists. CI installs it (.ci/run), so CI always runs these.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            Skip = $"No Chromium at {BrowserFixture.ChromiumPath} (apt-get install -y chromium); .ci/run installs it.";
        }
    }
}

/// <summary>The <see cref="BrowserFactAttribute"/> rule for data-driven browser tests.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            Skip = $"No Chromium at {BrowserFixture.ChromiumPath} (apt-get install -y chromium); .ci/run installs it.";
        }
    }
}
