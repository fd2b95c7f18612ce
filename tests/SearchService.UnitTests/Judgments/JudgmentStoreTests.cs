using SearchService.Engine.Judgments;

namespace SearchService.UnitTests.Judgments;

public sealed class JudgmentStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("searchservice-judgments-").FullName;

    private string StorePath => Path.Combine(_folder, JudgmentStore.FileName);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Judgment J(string query, string passage, int grade, string text = "text", string judge = "ana", int minute = 0) =>
        new(new DateTimeOffset(2026, 11, 30, 8, minute, 0, TimeSpan.Zero), query, passage, PassageHash.Of(text), grade, judge);

    [Fact]
    public async Task Appended_judgments_are_read_back_by_a_new_store_on_the_same_file_with_tabs_and_newlines_intact()
    {
        await new JudgmentStore(StorePath).AppendAsync([J("doi moi\tpolicy", "d#1", 2), J("two\nlines \\ slash", "d#2", 0, judge: "bob")]);

        var read = new JudgmentStore(StorePath).ReadAll();

        Assert.Equal([J("doi moi\tpolicy", "d#1", 2), J("two\nlines \\ slash", "d#2", 0, judge: "bob")], read);
        Assert.StartsWith("# time\tquery", await File.ReadAllTextAsync(StorePath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_torn_by_a_crash_is_skipped_and_the_next_append_starts_on_a_new_line()
    {
        var store = new JudgmentStore(StorePath);
        await store.AppendAsync([J("q", "d#1", 1)]);
        await File.AppendAllTextAsync(StorePath, "2026-11-30T08:00:00Z\tq\td#");

        await store.AppendAsync([J("q", "d#2", 2)]);

        Assert.Equal(["d#1", "d#2"], store.ReadAll().Select(j => j.PassageId));
    }

    [Fact]
    public async Task Concurrent_appends_lose_no_judgment_and_interleave_no_line()
    {
        var store = new JudgmentStore(StorePath);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => store.AppendAsync([J($"query {i}", $"d#{i}", i % 3), J($"query {i}", $"e#{i}", 1)]))));

        var read = store.ReadAll();
        Assert.Equal(80, read.Count);
        Assert.Equal(80, File.ReadAllLines(StorePath).Length - 1);
        Assert.All(Enumerable.Range(0, 40), i => Assert.Contains(read, j => j.Query == $"query {i}" && j.PassageId == $"d#{i}" && j.Grade == i % 3));
    }

    [Fact]
    public void Latest_keeps_the_last_grade_of_each_query_and_passage()
    {
        var latest = JudgmentStore.Latest([J("q", "d#1", 0), J("q", "d#2", 1), J("q", "d#1", 2, minute: 5)]);

        Assert.Equal([("d#1", 2), ("d#2", 1)], latest.Select(j => (j.PassageId, j.Grade)));
    }

    [Fact]
    public void The_store_sits_beside_the_index_folder_not_in_it()
    {
        var index = Path.Combine(_folder, "index");

        Assert.Equal(Path.Combine(_folder, "judgments.tsv"), JudgmentStore.BesideIndex(index + Path.DirectorySeparatorChar));
    }

    [Fact]
    public void Exports_leave_out_stale_judgments_and_name_queries_by_a_hash_of_their_text()
    {
        Judgment[] judgments = [J("doi moi", "d#1", 2, text: "now"), J("doi moi", "d#2", 1, text: "was"), J("bamboo", "d#3", 0, text: "same")];
        var current = new Dictionary<string, string> { ["d#1"] = PassageHash.Of("now"), ["d#2"] = PassageHash.Of("changed"), ["d#3"] = PassageHash.Of("same") };

        var states = JudgedQueries.States(judgments, current);
        var exported = JudgedQueries.From(states);

        Assert.Equal([false, true, false], states.Select(s => s.Stale));
        var doiMoi = Judgment.QueryIdOf("doi moi");
        Assert.Equal(2, exported.Queries.Count);
        Assert.Equal(2, exported.Qrels.GradeOf(doiMoi, "d#1"));
        Assert.Null(exported.Qrels.GradeOf(doiMoi, "d#2"));
        Assert.Contains($"{doiMoi} 0 d#1 2\n", exported.ToTrecQrels(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_beir_zip_reads_back_as_the_same_queries_and_qrels()
    {
        var states = JudgedQueries.States([J("doi moi", "d#1", 2), J("bamboo diplomacy", "d#3", 1)], new Dictionary<string, string> { ["d#1"] = PassageHash.Of("text"), ["d#3"] = PassageHash.Of("text") });
        var exported = JudgedQueries.From(states);
        var zip = Path.Combine(_folder, "export.zip");
        using (var file = File.Create(zip))
        {
            exported.WriteBeirZip(file);
        }

        var read = JudgedQueries.ReadBeirZip(zip);

        Assert.Equal(exported.Queries, read.Queries);
        Assert.Equal(1, read.Qrels.GradeOf(Judgment.QueryIdOf("bamboo diplomacy"), "d#3"));
        Assert.Equal(2, read.Qrels.GradeOf(Judgment.QueryIdOf("doi moi"), "d#1"));
    }
}
