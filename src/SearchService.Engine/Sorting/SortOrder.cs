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
        var index = Names.ToList().FindIndex(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
        order = index < 0 ? SortOrder.Relevance : (SortOrder)index;
        return index >= 0;
    }
}
