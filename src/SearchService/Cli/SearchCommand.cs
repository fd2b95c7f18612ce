using System.CommandLine;
using System.Text;
using System.Text.Json;
using SearchService.Engine.Indexing;
using SearchService.Engine.Retrieval;

namespace SearchService.Cli;

/// <summary><c>search "query"</c>: ranked passages with citations, for scripts (<c>--json</c>) and people.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("query") { Description = "The query text." };
        var k = new Option<int>("--k", "-k") { Description = "Number of results (1-100).", DefaultValueFactory = _ => 10 };
        var offset = new Option<int>("--offset") { Description = "Results to skip.", DefaultValueFactory = _ => 0 };
        var mode = new Option<string?>("--mode") { Description = "Retrieval mode: lexical." };
        var syntax = new Option<string?>("--syntax") { Description = "plain (default) or lucene." };
        var json = new Option<bool>("--json") { Description = "Print the response as the HTTP API's JSON." };
        var command = new Command("search", "Search the configured index (indexing changed sources first) and print ranked passages with citations.")
        {
            query, k, offset, mode, syntax, json,
        };
        command.SetAction(parse =>
        {
            var validated = SearchRequestValidator.Validate(new SearchInput
            {
                Q = parse.GetValue(query), K = parse.GetValue(k), Offset = parse.GetValue(offset), Mode = parse.GetValue(mode), Syntax = parse.GetValue(syntax),
            });
            var request = validated.Value;
            if (request is null)
            {
                foreach (var (name, messages) in validated.Errors)
                {
                    Console.Error.WriteLine($"{name}: {string.Join(" ", messages)}");
                }

                return 2;
            }

            var options = CliSettings.Load();
            using var handle = new IndexHandle();
            if (IndexCommand.Synchronize(options, handle) is null)
            {
                return 2;
            }

            try
            {
                var response = new SearchEngine(handle, options).Search(request);
                Console.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(response, CliJson.Options) : Render(response));
                return 0;
            }
            catch (InvalidQueryException ex)
            {
                Console.Error.WriteLine($"{ex.Parameter}: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    private static string Render(SearchResponse response)
    {
        var text = new StringBuilder($"{response.Total} passages match \"{response.Query}\" ({response.TookMs:F1} ms)\n");
        foreach (var hit in response.Results)
        {
            var c = hit.Citation;
            text.Append($"\n{hit.Rank,3}. {hit.Score,7:F3}  {c.Title}");
            text.Append(c.Published is { } published ? $" ({published:yyyy-MM-dd})" : "");
            text.Append($"\n     {hit.PassageId} · paragraph {c.Paragraph} · {c.SourcePath} chars {c.CharStart}-{c.CharEnd}, lines {c.LineStart}-{c.LineEnd}\n");
            if (c.Section is not null)
            {
                text.Append($"     § {c.Section}\n");
            }

            text.Append($"     {Marked(hit)}\n");
        }

        return text.ToString();
    }

    // Plain-text highlighting: matched words in [brackets].
    private static string Marked(SearchHit hit)
    {
        var text = new StringBuilder(hit.Text);
        foreach (var highlight in hit.Highlights.Reverse())
        {
            text.Insert(highlight.End, ']').Insert(highlight.Start, '[');
        }

        return text.ToString();
    }
}
