namespace SearchService.Engine.Judgments;

/// <summary>
/// Builds the error for a bad line in an evaluation file. Always names the file and the 1-based line, because the
/// files are large and hand-edited, and "invalid data" without a location costs an hour of bisecting.
/// </summary>
public static class MalformedLine
{
    public static InvalidDataException At(string path, int lineNumber, string reason) =>
        new($"{path} line {lineNumber}: {reason}");
}
