using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;

namespace SearchService.Cli;

/// <summary><c>index</c>: bring the configured index in line with the sources folder, as the worker does, and report.</summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("index", "Index the sources folder (Search:SeedsPath) into the index (Search:IndexPath); only changed files are re-indexed.") { json };
        command.SetAction(parse =>
        {
            var options = CliSettings.Load();
            using var handle = new IndexHandle();
            var report = Synchronize(options, handle);
            if (report is null)
            {
                return 2;
            }

            Console.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(report, CliJson.Options)
                : $"{report.Added.Count} added, {report.Changed.Count} changed, {report.Deleted.Count} deleted, {report.Unchanged} unchanged, {report.Skipped.Count} skipped in {report.Elapsed.TotalMilliseconds:F0} ms ({SearchPaths.Resolve(options.IndexPath)})");
            return 0;
        });
        return command;
    }

    /// <summary>Opens the configured index into <paramref name="handle"/> and synchronizes it; null (with a message) when it cannot be opened.</summary>
    public static SyncReport? Synchronize(SearchOptions options, IndexHandle handle)
    {
        var indexPath = SearchPaths.Resolve(options.IndexPath);
        try
        {
            handle.Publish(LuceneIndex.Open(indexPath, new SearchAnalyzer(options.Analysis), options.Ranking, options.EmbeddingWhenEnabled, NullLogger.Instance));
        }
        catch (Lucene.Net.Store.LockObtainFailedException)
        {
            Console.Error.WriteLine($"The index at {indexPath} is in use (is the service running?). Query the service over HTTP, or set Search__IndexPath to another folder.");
            return null;
        }

        var synchronizer = new SeedSynchronizer(handle.Current, new ArticleParser(), SearchPaths.Resolve(options.SeedsPath), options.FilePatterns, options.MaxFileBytes, NullLogger.Instance, pushedPath: options.ResolvedPushedPath);
        return synchronizer.Synchronize();
    }
}
