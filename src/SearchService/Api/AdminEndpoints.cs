using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SearchService.Engine;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;
using SearchService.Push;

namespace SearchService.Api;

/// <summary>
/// Operations on the index: run a pass now, remove a document. Mapped only when <c>Search:Admin:ApiKey</c> is set
/// (otherwise every /admin route is a 404 and absent from the OpenAPI document); every call needs that key.
/// </summary>
public static class AdminEndpoints
{
    public const string TrashFolder = ".trash";

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value;
        if (!admin.Enabled)
        {
            return app;
        }

        var group = app.MapGroup("/admin")
            .WithTags("Admin")
            .AddEndpointFilter(new ApiKeyFilter(admin.ApiKey!))
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPost("/reindex", Reindex)
            .WithName("Reindex")
            .WithSummary("Runs an indexing pass now and returns what it added, changed and deleted. Needs the X-Api-Key header.");

        group.MapDelete("/documents/{id}", DeleteDocument)
            .WithName("DeleteDocument")
            .WithSummary("Moves a document's source file to the sources' .trash folder (recoverable) and re-indexes. Needs the X-Api-Key header.");

        return app;
    }

    private static async Task<Results<Ok<ReindexReport>, ProblemHttpResult>> Reindex(
        ReindexRequests requests, IOptions<AdminOptions> admin, CancellationToken cancellationToken)
    {
        var (report, problem) = await RunPassAsync(requests, admin.Value, cancellationToken);
        return report is null ? problem! : TypedResults.Ok(report);
    }

    private static async Task<Results<Ok<DeletedDocument>, ProblemHttpResult>> DeleteDocument(
        string id,
        DocumentCatalog catalog,
        ReindexRequests requests,
        IOptions<SearchOptions> search,
        IOptions<AdminOptions> admin,
        ILogger<ReindexRequests> logger,
        CancellationToken cancellationToken)
    {
        // The id is looked up in the index, never used as a path; the file is the one the index says it came from.
        var document = catalog.Get(id)?.Document;
        if (document is null)
        {
            return NotFound(id);
        }

        var seeds = Path.TrimEndingDirectorySeparator(SearchPaths.Resolve(search.Value.SeedsPath));
        var source = Path.GetFullPath(Path.Combine(seeds, document.SourcePath));
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (!string.Equals(Path.GetDirectoryName(source), seeds, comparison))
        {
            // Sources are top-level files of the seeds folder; anything else is not ours to move.
            logger.LogWarning("Refused to delete document {DocumentId}: its source path is not a file of the sources folder", document.DocumentId);
            return NotFound(id);
        }

        string? movedTo = null;
        var name = Path.GetFileName(source);
        var trashed = $"{name}.{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmss'.'fffffff'Z'}";
        if (TrashProblem(Path.Combine(seeds, TrashFolder)) is { } trashProblem)
        {
            logger.LogWarning("Refused to delete document {DocumentId}: {Problem}", document.DocumentId, trashProblem);
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Cannot move the source to the trash", detail: trashProblem);
        }

        try
        {
            Directory.CreateDirectory(Path.Combine(seeds, TrashFolder));
            File.Move(source, Path.Combine(seeds, TrashFolder, trashed));
            movedTo = $"{TrashFolder}/{trashed}";
            logger.LogInformation("Moved source {SourcePath} of document {DocumentId} to {Trash}", name, document.DocumentId, movedTo);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException && !File.Exists(source))
        {
            // Already gone (deleted by hand or by a concurrent call): the pass below removes it from the index.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The sources folder changed under the call (read-only, full, replaced): a conflict with its state, not a bug.
            logger.LogWarning(ex, "Could not move source {SourcePath} of document {DocumentId} to the trash", name, document.DocumentId);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Cannot move the source to the trash",
                detail: $"Moving '{name}' to the sources' {TrashFolder} folder failed ({ex.GetType().Name}); the document is unchanged. The service log has the details.");
        }

        var (report, problem) = await RunPassAsync(requests, admin.Value, cancellationToken);
        return report is null ? problem! : TypedResults.Ok(new DeletedDocument(document.DocumentId, name, movedTo, report));
    }

    /// <summary>Why the trash cannot take a file: something other than a plain folder has its name (a file, or a link, which could lead outside).</summary>
    private static string? TrashProblem(string trash)
    {
        var info = new DirectoryInfo(trash);
        if (info.LinkTarget is not null)
        {
            return $"'{TrashFolder}' in the sources folder is a link, not a folder; the service moves files only within the sources folder. Replace it with a folder.";
        }

        return File.Exists(trash)
            ? $"'{TrashFolder}' in the sources folder is a file, where the service keeps deleted sources in a folder. Rename or remove that file."
            : null;
    }

    /// <summary>Asks for an indexing pass and waits for it (bounded by Search:Admin:ReindexTimeout); a problem when it does not finish.</summary>
    internal static async Task<(ReindexReport? Report, ProblemHttpResult? Problem)> RunPassAsync(
        ReindexRequests requests, AdminOptions admin, CancellationToken cancellationToken)
    {
        var (report, failure) = await IndexPass.RunAsync(requests, admin.ReindexTimeout, cancellationToken);
        return report is null ? (null, PushProblems.Of(failure!)) : (ReindexReport.Of(report), null);
    }

    private static ProblemHttpResult NotFound(string id) => DocumentNotFound.Problem(id);
}

/// <summary>What an indexing pass changed.</summary>
public sealed record ReindexReport(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Deleted,
    int Unchanged,
    IReadOnlyDictionary<string, SkippedSource> Skipped,
    double TookMs,
    DateTimeOffset FinishedAt)
{
    public static ReindexReport Of(SyncReport report) => new(
        report.Added, report.Changed, report.Deleted, report.Unchanged, report.Skipped, report.Elapsed.TotalMilliseconds, report.FinishedAt);
}

/// <summary>A removed document: its source file's name, where it went under the sources folder, and the pass that dropped it.</summary>
public sealed record DeletedDocument(string DocumentId, string SourcePath, string? MovedTo, ReindexReport Reindex);
