using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SearchService.Hosting;

/// <summary>The address of the metrics endpoint's own listener, from <see cref="MetricsOptions.Url"/>: http, an IP address or localhost, and a port.</summary>
internal sealed record MetricsListener(string Host, int Port)
{
    public static bool TryParse(string url, out MetricsListener listener)
    {
        listener = null!;
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttp || uri.IsDefaultPort || uri.AbsolutePath != "/"
            || !(uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || uri.IsLoopback))
        {
            return false;
        }

        listener = new MetricsListener(uri.Host, uri.Port);
        return true;
    }

    public void Listen(KestrelServerOptions kestrel)
    {
        if (string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(Port);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(Host.Trim('[', ']')), Port);
        }
    }
}
