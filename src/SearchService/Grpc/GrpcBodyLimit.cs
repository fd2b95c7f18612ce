using Microsoft.AspNetCore.Http.Features;

namespace SearchService.Grpc;

/// <summary>
/// gRPC calls are bounded per message by <c>GrpcServiceOptions.MaxReceiveMessageSize</c>, which grpc-dotnet checks
/// from the length prefix before reading the message (RESOURCE_EXHAUSTED). Kestrel's byte count of the whole body
/// raced with that check: a message over the limit was refused either way, but as UNKNOWN when Kestrel counted first.
/// So gRPC requests leave the size to gRPC; HTTP/2 flow control still bounds what is buffered per stream.
/// </summary>
internal static class GrpcBodyLimit
{
    public static IApplicationBuilder UseGrpcMessageLimit(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
        {
            body.MaxRequestBodySize = null;
        }

        return next(context);
    });
}
