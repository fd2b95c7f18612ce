using SearchService.Testing;

namespace SearchService.IntegrationTests;

/// <summary>The service as most integration tests see it: the seeds plus <see cref="MarkupSources"/>, in memory.</summary>
public class ServiceFixture : RunningService
{
    /// <summary>Extra sources written before the service starts, by file name.</summary>
    public static IReadOnlyDictionary<string, string> MarkupSources { get; } = new Dictionary<string, string>
    {
        ["900_markup.txt"] = "Markup test article\n\nThe <b>bold</b> & \"quoted\" claims about <script>alert('zebu')</script> were examined.\n",
    };

    protected override IReadOnlyDictionary<string, string> ExtraSources => MarkupSources;
}

/// <summary>The same service on real Kestrel, for tests whose point is the wire: raw HTTP, request-line limits, gRPC's own port.</summary>
public sealed class KestrelServiceFixture : ServiceFixture
{
    protected override ServiceHosting Hosting => ServiceHosting.Kestrel;
}

/// <summary>
/// One in-memory <see cref="ServiceFixture"/> shared by every test class that only reads it: the index and vectors
/// are built once for all of them. Classes that change sources or the index keep a fixture of their own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "shared service";
}

/// <summary>One <see cref="KestrelServiceFixture"/> shared by the read-only tests that need real sockets.</summary>
[CollectionDefinition(Name)]
public sealed class KestrelServiceCollection : ICollectionFixture<KestrelServiceFixture>
{
    public const string Name = "shared service on kestrel";
}
