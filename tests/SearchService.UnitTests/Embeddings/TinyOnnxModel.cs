using System.Text;

namespace SearchService.UnitTests.Embeddings;

/// <summary>
/// Writes a tiny BERT-shaped ONNX model and its vocabulary to a folder, as a user would bring their own: inputs
/// <c>input_ids</c>, <c>attention_mask</c>, <c>token_type_ids</c> [batch, tokens] (int64) and one Gather node that
/// looks the ids up in an embedding table, output <c>last_hidden_state</c> [batch, tokens, dims]. Each vocabulary
/// word gets its own axis (special tokens none), so mean pooling yields a normalized bag of words: the model's
/// cosines are known in advance. The protobuf is written by hand (field numbers from onnx.proto), no ONNX library.
/// </summary>
internal static class TinyOnnxModel
{
    public static readonly string[] Words = ["bamboo", "diplomacy", "rice", "export", "flood", "river", "school", "teacher"];

    private static readonly string[] Special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    public static void WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        var vocabulary = Special.Concat(Words).ToArray();
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), vocabulary);
        File.WriteAllBytes(Path.Combine(folder, "model.onnx"), Model(vocabulary.Length, Words.Length));
    }

    private static byte[] Model(int vocabularySize, int dimensions)
    {
        var table = new float[vocabularySize * dimensions];
        for (var word = 0; word < dimensions; word++)
        {
            table[((Special.Length + word) * dimensions) + word] = 1f;
        }

        var graph = new Proto()
            .Message(1, new Proto().String(1, "embeddings").String(1, "input_ids").String(2, "last_hidden_state").String(3, "lookup").String(4, "Gather"))
            .String(2, "tiny")
            .Message(5, Tensor("embeddings", [vocabularySize, dimensions], table))
            .Message(11, ValueInfo("input_ids", 7, "batch", "tokens"))
            .Message(11, ValueInfo("attention_mask", 7, "batch", "tokens"))
            .Message(11, ValueInfo("token_type_ids", 7, "batch", "tokens"))
            .Message(12, ValueInfo("last_hidden_state", 1, "batch", "tokens", dimensions));
        return new Proto()
            .Varint(1, 8)                                              // ir_version
            .String(2, "searchservice-tests")                          // producer_name
            .Message(7, graph)
            .Message(8, new Proto().String(1, "").Varint(2, 13))       // opset_import: default domain, opset 13
            .ToArray();
    }

    private static Proto Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new Proto();
        foreach (var dim in dims)
        {
            tensor.Varint(1, dim);
        }

        var raw = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        return tensor.Varint(2, 1).String(8, name).Bytes(9, raw);     // data_type FLOAT, name, raw_data
    }

    /// <summary>A tensor-typed value: element type (1 float, 7 int64) and a shape of symbolic or fixed dimensions.</summary>
    private static Proto ValueInfo(string name, int elementType, params object[] shape)
    {
        var dims = new Proto();
        foreach (var dim in shape)
        {
            dims.Message(1, dim is string symbol ? new Proto().String(2, symbol) : new Proto().Varint(1, Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture)));
        }

        var tensorType = new Proto().Varint(1, elementType).Message(2, dims);
        return new Proto().String(1, name).Message(2, new Proto().Message(1, tensorType));
    }

    /// <summary>Just enough of the protobuf wire format: varints and length-delimited fields.</summary>
    private sealed class Proto
    {
        private readonly MemoryStream _bytes = new();

        public Proto Varint(int field, long value)
        {
            WriteVarint((ulong)field << 3);
            WriteVarint((ulong)value);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto message) => Bytes(field, message.ToArray());

        public Proto Bytes(int field, byte[] value)
        {
            WriteVarint(((ulong)field << 3) | 2);
            WriteVarint((ulong)value.Length);
            _bytes.Write(value);
            return this;
        }

        public byte[] ToArray() => _bytes.ToArray();

        private void WriteVarint(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _bytes.WriteByte((byte)value);
        }
    }
}
