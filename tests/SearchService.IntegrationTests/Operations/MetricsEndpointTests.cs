using System.Net;
using Grpc.Core;
using SearchService.Grpc.V1;
using SearchClient = SearchService.Grpc.V1.SearchService.SearchServiceClient;

namespace SearchService.IntegrationTests.Operations;

/// <summary>The Prometheus endpoint on its own port of the real service, scraped before and after real traffic.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsEndpointTests(MetricsPortFixture service)
{
    private Task<string> ScrapeAsync() => service.Metrics.GetStringAsync(service.MetricsUrl);

    [Fact]
    public async Task Searches_questions_and_refusals_move_their_counters_on_the_metrics_port()
    {
        var before = await ScrapeAsync();

        (await service.Http.GetAsync("/search?q=doi+moi&mode=lexical")).EnsureSuccessStatusCode();
        (await service.Http.GetAsync("/search?q=bamboo+diplomacy&mode=lexical")).EnsureSuccessStatusCode();
        (await service.Http.GetAsync("/ask?q=what+is+doi+moi")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Http.GetAsync("/search?q=")).StatusCode);
        using (var channel = service.OpenGrpcChannel())
        {
            var client = new SearchClient(channel);
            await client.SearchAsync(new SearchRequest { Q = "ASEAN", Mode = "semantic" });
            var refused = await Assert.ThrowsAsync<RpcException>(() => client.SearchAsync(new SearchRequest { Q = "" }).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        }

        var after = await ScrapeAsync();
        const string Latency = "search_query_duration_seconds_count";
        Assert.True(Moved(before, after, Latency, "search_mode=\"lexical\"", "search_operation=\"search\"", "search_transport=\"http\"") >= 2, after);
        Assert.True(Moved(before, after, Latency, "search_mode=\"hybrid\"", "search_operation=\"ask\"", "search_transport=\"http\"") >= 1, after);
        Assert.True(Moved(before, after, Latency, "search_mode=\"semantic\"", "search_operation=\"search\"", "search_transport=\"grpc\"") >= 1, after);
        const string Rejected = "search_requests_rejected_total";
        Assert.True(Moved(before, after, Rejected, "reason=\"invalid_request\"", "search_transport=\"http\"") >= 1, after);
        Assert.True(Moved(before, after, Rejected, "reason=\"invalid_request\"", "search_transport=\"grpc\"") >= 1, after);
    }

    [Fact]
    public async Task The_index_gauges_and_the_pass_histogram_describe_the_serving_index()
    {
        var metrics = await ScrapeAsync();

        Assert.True(PrometheusText.Sum(metrics, "search_index_documents") >= 5, metrics);
        Assert.True(PrometheusText.Sum(metrics, "search_index_passages") > PrometheusText.Sum(metrics, "search_index_documents"), metrics);
        Assert.True(PrometheusText.Sum(metrics, "search_index_pass_duration_seconds_count") >= 1, metrics);
        Assert.True(PrometheusText.Sum(metrics, "search_index_lag_seconds_count") >= 1, metrics);
        Assert.True(PrometheusText.Has(metrics, "search_index_vectors"), metrics);
        Assert.True(PrometheusText.Has(metrics, "http_server_request_duration_seconds_count"), metrics);
    }

    [Fact]
    public async Task The_public_port_does_not_serve_metrics_even_with_the_admin_key()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Api-Key", MetricsPortFixture.ApiKey);

        Assert.Equal(HttpStatusCode.NotFound, (await service.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_host_header_naming_the_metrics_port_does_not_open_it_on_the_public_port()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = $"127.0.0.1:{service.MetricsPort}";

        Assert.Equal(HttpStatusCode.NotFound, (await service.Http.SendAsync(request)).StatusCode);
    }

    private static double Moved(string before, string after, string metric, params string[] labels) =>
        PrometheusText.Sum(after, metric, labels) - PrometheusText.Sum(before, metric, labels);
}

/// <summary>Without a port of its own, /metrics on the public port is for the admin key only.</summary>
[Collection(MetricsKeyCollection.Name)]
public sealed class MetricsKeyTests(MetricsKeyFixture service)
{
    [Fact]
    public async Task Metrics_without_the_key_are_401()
    {
        var response = await service.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("search_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_with_the_key_are_the_prometheus_text()
    {
        (await service.Http.GetAsync("/search?q=doi+moi")).EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Api-Key", MetricsKeyFixture.ApiKey);

        var response = await service.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(PrometheusText.Sum(text, "search_query_duration_seconds_count", "search_operation=\"search\"") >= 1, text);
    }
}
