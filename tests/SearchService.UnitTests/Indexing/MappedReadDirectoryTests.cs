using Lucene.Net.Store;
using SearchService.Engine.Indexing;

namespace SearchService.UnitTests.Indexing;

/// <summary>Memory-mapped index inputs read what was written, stop at the end, and never let a clone read unmapped memory.</summary>
public sealed class MappedReadDirectoryTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "searchservice-mapped-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Input_ReadsBackWhatWasWritten()
    {
        using var directory = Write("data", out var expected);
        using var input = directory.OpenInput("data", IOContext.DEFAULT);

        Assert.Equal(expected.Length, input.Length);
        Assert.Equal(unchecked((int)0xCAFEBABE), input.ReadInt32());
        Assert.Equal(-2L, input.ReadInt64());
        Assert.Equal((short)0x1234, input.ReadInt16());
        Assert.Equal(300, input.ReadVInt32());
        var rest = new byte[expected.Length - input.Position];
        input.ReadBytes(rest, 0, rest.Length);
        Assert.Equal(expected[^rest.Length..], rest);
        input.Seek(4);
        Assert.Equal(-2L, input.ReadInt64());
    }

    [Fact]
    public void Input_ReadPastTheEnd_ThrowsEndOfStream()
    {
        using var directory = Write("data", out var expected);
        using var input = directory.OpenInput("data", IOContext.DEFAULT);
        input.Seek(expected.Length - 2);

        Assert.Throws<EndOfStreamException>(() => input.ReadInt32());
        Assert.Throws<EndOfStreamException>(() => input.Seek(expected.Length + 1));
        Assert.Equal(expected.Length - 2, input.Position);
    }

    [Fact]
    public void Clone_KeepsReadingAfterTheOriginalIsClosed_WhileTheOriginalRefuses()
    {
        using var directory = Write("data", out _);
        var input = directory.OpenInput("data", IOContext.DEFAULT);
        var clone = (IndexInput)input.Clone();
        input.Dispose();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.Equal(unchecked((int)0xCAFEBABE), clone.ReadInt32());
        Assert.Throws<ObjectDisposedException>(() => input.ReadByte());
    }

    [Fact]
    public void EmptyFile_OpensAndHasNothingToRead()
    {
        using var directory = new MappedReadDirectory(new DirectoryInfo(_path));
        using (directory.CreateOutput("empty", IOContext.DEFAULT))
        {
        }

        using var input = directory.OpenInput("empty", IOContext.DEFAULT);
        Assert.Equal(0, input.Length);
        Assert.Throws<EndOfStreamException>(() => input.ReadByte());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(_path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private MappedReadDirectory Write(string name, out byte[] written)
    {
        var directory = new MappedReadDirectory(new DirectoryInfo(_path));
        using (var output = directory.CreateOutput(name, IOContext.DEFAULT))
        {
            output.WriteInt32(unchecked((int)0xCAFEBABE));
            output.WriteInt64(-2L);
            output.WriteInt16(0x1234);
            output.WriteVInt32(300);
            for (var i = 0; i < 5000; i++)
            {
                output.WriteByte((byte)(i * 7));
            }
        }

        written = File.ReadAllBytes(Path.Combine(_path, name));
        return directory;
    }
}
