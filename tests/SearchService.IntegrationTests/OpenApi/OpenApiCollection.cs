using SearchService.IntegrationTests.Ingestion;

namespace SearchService.IntegrationTests.OpenApi;

/// <summary>
/// One <see cref="PushFixture"/> for the OpenAPI tests: the document is read, and the generated client pushes and
/// removes a document of its own. The push-ingestion tests, which count and replace documents, keep their own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OpenApiCollection : ICollectionFixture<PushFixture>
{
    public const string Name = "openapi";
}
