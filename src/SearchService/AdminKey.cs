using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace SearchService;

/// <summary>
/// The admin API key check shared by HTTP and gRPC: both read the same header (<c>X-Api-Key</c>; gRPC metadata are
/// HTTP/2 headers, so a gRPC client sends it as <c>x-api-key</c>), so one key and one rule serve both transports.
/// The key is compared in constant time (as SHA-256 digests, so not even its length leaks) and never logged or echoed.
/// </summary>
public sealed class AdminKey(string apiKey)
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    /// <summary>Whether the request's <see cref="HeaderName"/> values are exactly one value equal to the key.</summary>
    public bool Matches(StringValues presented) =>
        presented.Count == 1 && CryptographicOperations.FixedTimeEquals(_expected, SHA256.HashData(Encoding.UTF8.GetBytes(presented[0] ?? "")));
}
