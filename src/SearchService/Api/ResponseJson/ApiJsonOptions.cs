using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SearchService.Api.ResponseJson;

/// <summary>The JSON conventions of the HTTP API, on top of ASP.NET's web defaults (camelCase names).</summary>
public static class ApiJsonOptions
{
    public static void Configure(JsonSerializerOptions json)
    {
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));

        // Vietnamese text stays readable ("đổi mới", not "\u0111\u1ED5i"); the API only ever sends
        // application/json, never JSON inlined into an HTML page, which is what the default escaping guards.
        json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }
}
