using SearchService.Engine.Ingestion;

namespace SearchService.Engine.Pushing;

/// <summary>
/// The pushed folder: one <c>{id}.json</c> per document pushed over the API. It is a source, like the sources folder,
/// not part of the index (which can be rebuilt from its sources): the indexing pass reads it through the same
/// confined reader and never deletes a pushed document because the sources folder lacks it. This class only writes
/// and removes; reading is the indexing pass's job.
/// </summary>
public sealed class PushedStore(string path)
{
    public const string Extension = ".json";

    /// <summary>What a pushed document's <see cref="DocumentMetadata.SourcePath"/> starts with, telling it from a folder source.</summary>
    public const string SourcePrefix = "pushed/";

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public static string SourcePathOf(string documentId) => SourcePrefix + documentId + Extension;

    public static bool IsPushed(DocumentMetadata metadata) => metadata.SourcePath.StartsWith(SourcePrefix, StringComparison.Ordinal);

    public bool Contains(string documentId) => PushedDocumentId.IsValid(documentId) && File.Exists(FileOf(documentId));

    /// <summary>
    /// Writes the document atomically (a temporary file renamed over the old one), flushed to disk, so a crash leaves
    /// the old version or the new one, never half a file. Returns whether it replaced an existing document.
    /// </summary>
    public bool Save(string documentId, byte[] json)
    {
        var target = FileOf(documentId);
        Directory.CreateDirectory(Path);
        var existed = File.Exists(target);

        // A leading dot and another extension keep the half-written file out of the pass's *.json listing.
        var temporary = System.IO.Path.Combine(Path, $".{documentId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(json);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return existed;
    }

    /// <summary>Removes the document's file; false when there was none.</summary>
    public bool Delete(string documentId)
    {
        var target = FileOf(documentId);
        if (!File.Exists(target))
        {
            return false;
        }

        File.Delete(target);
        return true;
    }

    private string FileOf(string documentId)
    {
        // Validated here as well as at the API: whatever calls this, the id cannot name a file outside the folder.
        if (!PushedDocumentId.IsValid(documentId))
        {
            throw new ArgumentException($"Not a valid pushed document id: {PushedDocumentId.Rule}.", nameof(documentId));
        }

        return System.IO.Path.Combine(Path, documentId + Extension);
    }
}
