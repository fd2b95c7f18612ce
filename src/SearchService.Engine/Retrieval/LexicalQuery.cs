using Lucene.Net.Search;

namespace SearchService.Engine.Retrieval;

/// <summary>A Lucene query and the analyzed terms it searches for (for highlighting). <see cref="Query"/> is null when no term survives analysis.</summary>
public sealed record LexicalQuery(Query? Query, IReadOnlySet<string> Terms);
