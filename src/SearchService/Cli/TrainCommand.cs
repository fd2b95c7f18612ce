using System.CommandLine;
using SearchService.Engine;
using SearchService.Evaluation;

namespace SearchService.Cli;

/// <summary>
/// <c>train</c>: fits the learned ranker (LightGBM LambdaRank over label-free features of the lexical top 100) on the
/// user's own judgments, a BEIR dataset or the dev set, and writes a versioned model file. With <c>--folds</c> it
/// cross-validates first and records the figures in the model's header.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var beir = new Option<DirectoryInfo?>("--beir") { Description = "A BEIR dataset folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv)." };
        var split = new Option<string>("--split") { Description = "The BEIR qrels split.", DefaultValueFactory = _ => "test" };
        var devSet = new Option<FileInfo?>("--devset") { Description = "The dev set to train on over the seeds (default eval/devset/queries.jsonl)." };
        var qrels = new Option<FileInfo?>("--qrels") { Description = "Judgments to use instead: BEIR TSV or TREC qrels (qid 0 docid rel)." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the model file.", Required = true };
        var judgments = new Option<string?>("--judgments") { Description = "Train on the team's judgments over the sources: live (the service's judgments.tsv), a judgments.tsv, or the BEIR zip of GET /judgments?format=beir." };
        var folds = new Option<int?>("--folds") { Description = "Cross-validate with this many folds first and record the figures in the model (default 5; 0 = skip).", DefaultValueFactory = _ => 5 };

        var command = new Command("train", "Train the learned ranker on your judgments and write the model file.") { beir, split, devSet, qrels, judgments, output, folds };
        command.SetAction(parse =>
        {
            var options = CliSettings.Load();
            options.SemanticEnabled = true; // the ranking features include the semantic cosines
            var k = parse.GetValue(folds);
            if (k is 1 or < 0)
            {
                Console.Error.WriteLine("folds: use 0 (skip) or at least 2.");
                return 2;
            }

            try
            {
                var subject = parse.GetValue(judgments) is { } judged
                    ? JudgmentsSource.Subject(judged, options)
                    : EvalCommand.Subject(parse.GetValue(beir), parse.GetValue(split)!, parse.GetValue(devSet), parse.GetValue(qrels), options);
                var (ranker, cv) = RelevanceEvaluation.Train(subject, options, k is 0 ? null : k);
                var path = parse.GetValue(output)!.FullName;
                ranker.Save(path);
                if (cv is not null)
                {
                    Console.Write(EvalCommand.RenderLearned(cv));
                }

                Console.WriteLine($"wrote {path}: {ranker.Header.TrainingQueries} informative training queries of {subject.Queries.Count} judged, features {ranker.Header.FeatureVersion}");
                return 0;
            }
            catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"train: {ex.Message}");
                return 2;
            }
        });
        return command;
    }
}
