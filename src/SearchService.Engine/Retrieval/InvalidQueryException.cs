namespace SearchService.Engine.Retrieval;

/// <summary>The request is well-formed but its query cannot be run; <see cref="Parameter"/> names the culprit.</summary>
public sealed class InvalidQueryException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}
