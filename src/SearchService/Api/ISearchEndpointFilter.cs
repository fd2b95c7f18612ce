namespace SearchService.Api;

/// <summary>
/// An extension point: every service registered as this type filters the search-type HTTP endpoints (<c>/search</c>,
/// <c>/ask</c>). It runs inside the search concurrency limit, after the limiter admitted the request, so it can
/// observe or hold admitted requests (the integration tests use it to hold one deterministically).
/// </summary>
public interface ISearchEndpointFilter : IEndpointFilter;
