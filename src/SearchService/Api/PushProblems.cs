using Microsoft.AspNetCore.Http.HttpResults;
using SearchService.Push;

namespace SearchService.Api;

/// <summary>A push failure as the HTTP API answers it: an RFC 7807 problem with the status its kind names.</summary>
internal static class PushProblems
{
    public static ProblemHttpResult Of(PushFailure failure) =>
        TypedResults.Problem(statusCode: StatusCodeOf(failure.Kind), title: failure.Title, detail: failure.Detail);

    public static int StatusCodeOf(PushFailureKind kind) => kind switch
    {
        PushFailureKind.Invalid => StatusCodes.Status400BadRequest,
        PushFailureKind.NotFound => StatusCodes.Status404NotFound,
        PushFailureKind.FolderDocument => StatusCodes.Status409Conflict,
        PushFailureKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        PushFailureKind.NotIndexable => StatusCodes.Status422UnprocessableEntity,
        PushFailureKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
