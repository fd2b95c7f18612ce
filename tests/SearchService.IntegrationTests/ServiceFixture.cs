using SearchService.Testing;

namespace SearchService.IntegrationTests;

/// <summary>The service as most integration tests see it: the seeds plus <see cref="MarkupSources"/>.</summary>
public sealed class ServiceFixture : RunningService
{
    /// <summary>Extra sources written before the service starts, by file name.</summary>
    public static IReadOnlyDictionary<string, string> MarkupSources { get; } = new Dictionary<string, string>
    {
        ["900_markup.txt"] = "Markup test article\n\nThe <b>bold</b> & \"quoted\" claims about <script>alert('zebu')</script> were examined.\n",
    };

    protected override IReadOnlyDictionary<string, string> ExtraSources => MarkupSources;
}
