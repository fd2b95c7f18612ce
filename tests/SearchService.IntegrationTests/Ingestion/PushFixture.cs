using System.Net.Http.Headers;
using System.Text;
using SearchService.Testing;

namespace SearchService.IntegrationTests.Ingestion;

/// <summary>
/// The running service with the admin key on and a small document limit, so the 413 case is cheap to send. On
/// Kestrel: the body limits (with and without Content-Length) are the server's, which the test server does not apply.
/// </summary>
public sealed class PushFixture : RunningService
{
    protected override ServiceHosting Hosting => ServiceHosting.Kestrel;

    public const string ApiKey = "push-test-key-41c7";

    public const int MaxDocumentBytes = 200_000;

    /// <summary>The folder pushed documents are kept in: beside the index, as configured by default.</summary>
    public string PushedPath => IndexPath + ".pushed";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:Admin:ApiKey"] = ApiKey,
        ["Search:Admin:MaxDocumentBytes"] = MaxDocumentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public Task<HttpResponseMessage> PutJsonAsync(string id, object body, string? key = ApiKey, string query = "") =>
        SendAsync(HttpMethod.Put, $"/documents/{id}{query}", JsonContent(body), key);

    public Task<HttpResponseMessage> PutTextAsync(string id, string text, string? key = ApiKey, string query = "") =>
        SendAsync(HttpMethod.Put, $"/documents/{id}{query}", new StringContent(text, Encoding.UTF8, "text/plain"), key);

    public Task<HttpResponseMessage> DeleteAsync(string id, string? key = ApiKey, string query = "") =>
        SendAsync(HttpMethod.Delete, $"/documents/{id}{query}", null, key);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string? key = ApiKey)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await Http.SendAsync(request);
    }

    public static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), new MediaTypeHeaderValue("application/json"));
}
