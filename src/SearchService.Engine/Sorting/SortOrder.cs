namespace SearchService.Engine.Sorting;

/// <summary>How a page of results is ordered: <c>sort=relevance</c> (default), <c>date</c> (oldest first) or <c>-date</c> (newest first).</summary>
public enum SortOrder
{
    Relevance,
    Date,
    DateDescending,
}

public static class SortOrders
{
    /// <summary>The names requests use, in the order of <see cref="SortOrder"/>.</summary>
    public static readonly IReadOnlyList<string> Names = ["relevance", "date", "-date"];

    public static bool TryParse(string? value, out SortOrder order)
    {
        // A loop, not Names.ToList().FindIndex: this runs for every search request.
        for (var index = 0; index < Names.Count; index++)
        {
            if (string.Equals(Names[index], value, StringComparison.OrdinalIgnoreCase))
            {
                order = (SortOrder)index;
                return true;
            }
        }

        order = SortOrder.Relevance;
        return false;
    }
}
