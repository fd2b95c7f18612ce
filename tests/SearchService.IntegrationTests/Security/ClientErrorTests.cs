using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace SearchService.IntegrationTests.Security;

/// <summary>Malformed requests that were 500s (issue 14): each is now a 4xx problem, over real Kestrel.</summary>
[Collection(KestrelServiceCollection.Name)]
public sealed class ClientErrorTests(KestrelServiceFixture service)
{
    [Theory]
    [InlineData("/search", null)]
    [InlineData("/ask", null)]
    [InlineData("/search", "application/json; charset=x-bogus")]
    [InlineData("/ask", "application/json; charset=x-bogus")]
    public async Task Post_WithoutAJsonContentTypeInAKnownEncoding_Is415Problem(string url, string? contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"q\":\"doi moi\"}"));
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);

        using var response = await service.Http.PostAsync(url, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(415, problem.Int("status"));
        Assert.Contains("Content-Type", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FFFFFFFFFFFFFFFF")]
    [InlineData("10000000000000000000")]
    public async Task Post_WithAnOverflowingChunkSize_Is400(string chunkSize)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", service.HttpPort);
        await using var stream = client.GetStream();
        var request = "POST /search HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + $"{chunkSize}\r\n{{\"q\":\"doi moi\"}}\r\n0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync();
        var rest = await reader.ReadToEndAsync();

        Assert.Equal("HTTP/1.1 400 Bad Request", statusLine);
        Assert.Contains("application/problem+json", rest, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", rest, StringComparison.Ordinal);
    }
}
