using Lucene.Net.Index;

namespace SearchService.Engine.Indexing;

/// <summary>
/// Reads only what a hit serves from a passage record — its passage JSON and its document's metadata JSON — and stops
/// once it has both, instead of materialising a <see cref="Lucene.Net.Documents.Document"/> of every stored field.
/// </summary>
internal sealed class HitFieldsVisitor : StoredFieldVisitor
{
    public string? PassageJson { get; private set; }

    public string? MetadataJson { get; private set; }

    public override Status NeedsField(FieldInfo fieldInfo)
    {
        if (PassageJson is not null && MetadataJson is not null)
        {
            return Status.STOP;
        }

        return fieldInfo.Name is IndexFields.PassageJson or IndexFields.MetadataJson ? Status.YES : Status.NO;
    }

    public override void StringField(FieldInfo fieldInfo, string value)
    {
        if (fieldInfo.Name == IndexFields.PassageJson)
        {
            PassageJson = value;
        }
        else
        {
            MetadataJson = value;
        }
    }
}
