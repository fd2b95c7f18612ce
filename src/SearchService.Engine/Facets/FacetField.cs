namespace SearchService.Engine.Facets;

/// <summary>A field whose values a search can count over all its matches (<c>facets=documentId,kind,year</c>).</summary>
public enum FacetField
{
    /// <summary>The source document; the label is its title.</summary>
    DocumentId,

    /// <summary>The passage kind (paragraph, caption, question).</summary>
    Kind,

    /// <summary>The document's publication year; passages of undated documents have none.</summary>
    Year,
}

/// <summary>One value of a facet and how many matching passages have it.</summary>
/// <param name="Value">What to send back as a filter (documentId=…, kind=…; a year as publishedFrom/publishedTo).</param>
/// <param name="Label">What to show a person: the document title, the kind capitalized, the year.</param>
public sealed record FacetValue(string Value, long Count, string Label);
