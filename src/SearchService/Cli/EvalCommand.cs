using System.CommandLine;
using System.Text.Json;
using SearchService.Engine;
using SearchService.Engine.Analysis;
using SearchService.Engine.Judgments;
using SearchService.Evaluation;
using SearchService.Engine.Retrieval;

namespace SearchService.Cli;

/// <summary>
/// <c>eval</c>: a relevance test. Without a dataset it runs the project's judged dev set over the seeds; with
/// <c>--beir DIR</c> it indexes that corpus in a throwaway folder and runs every judged query. Prints nDCG@10,
/// MRR@10, Recall@100, MAP@100 and P@10 per mode, the index build time and the query latency.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var beir = new Option<DirectoryInfo?>("--beir") { Description = "A BEIR dataset folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv)." };
        var split = new Option<string>("--split") { Description = "The BEIR qrels split.", DefaultValueFactory = _ => "test" };
        var devSet = new Option<FileInfo?>("--devset") { Description = "The dev set to run over the seeds (default eval/devset/queries.jsonl)." };
        var qrels = new Option<FileInfo?>("--qrels") { Description = "Judgments to use instead: BEIR TSV or TREC qrels (qid 0 docid rel)." };
        var judgments = new Option<string?>("--judgments") { Description = "Run the team's judgments over the sources instead: live (the service's judgments.tsv), a judgments.tsv, or the BEIR zip of GET /judgments?format=beir." };
        var run = new Option<FileInfo?>("--run") { Description = "Write the rankings as a TREC run file (qid Q0 docid rank score tag); with several modes, one file per mode." };
        var mode = new Option<string>("--mode") { Description = "lexical, semantic, hybrid, learned (with lexical beside it) or all (learned too when --folds is given).", DefaultValueFactory = _ => "all" };
        var folds = new Option<int?>("--folds") { Description = "Cross-validate the learned ranker with this many folds (by a hash of the query id); learned mode defaults to 5." };
        var leaves = new Option<int?>("--ltr-leaves") { Description = "Learned ranker: leaves per tree (default 4)." };
        var trees = new Option<int?>("--ltr-trees") { Description = "Learned ranker: boosting rounds (default 50)." };
        var rate = new Option<double?>("--ltr-learning-rate") { Description = "Learned ranker: learning rate (default 0.05)." };
        var minLeaf = new Option<int?>("--ltr-min-leaf") { Description = "Learned ranker: minimum examples per leaf (default 50)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var k1 = new Option<float?>("--k1") { Description = "BM25 k1 (default from configuration)." };
        var b = new Option<float?>("--b") { Description = "BM25 b." };
        var titleBoost = new Option<float?>("--title-boost") { Description = "Weight of title matches relative to text." };
        var sectionBoost = new Option<float?>("--section-boost") { Description = "Weight of section matches relative to text." };
        var stopWords = new Option<StopWordList?>("--stopwords") { Description = "Stop list: Lucene or None." };
        var rrfK = new Option<int?>("--rrf-k") { Description = "Reciprocal Rank Fusion k." };
        var depth = new Option<int?>("--depth") { Description = "Candidates read from each list before fusing." };
        var lexicalWeight = new Option<double?>("--lexical-weight") { Description = "Weight of the lexical list in the fusion." };
        var lsaWeight = new Option<double?>("--lsa-weight") { Description = "Weight of the LSA cosine in the fusion." };
        var encoderWeight = new Option<double?>("--encoder-weight") { Description = "Weight of the sentence-encoder cosine in the fusion." };
        var fusion = new Option<FusionMethod?>("--fusion") { Description = "Hybrid fusion: Convex (normalized scores) or Rrf (reciprocal ranks)." };
        var normalization = new Option<ScoreNormalization?>("--normalization") { Description = "Convex fusion: MinMax or ZScore." };
        var lsaFloor = new Option<double?>("--lsa-floor") { Description = "LSA cosine below which a passage is no semantic candidate." };
        var encoderFloor = new Option<double?>("--encoder-floor") { Description = "Encoder cosine below which a passage is no semantic candidate." };
        var annThreshold = new Option<int?>("--ann-threshold") { Description = "Vector sets of at least this many rows use the approximate nearest-neighbour index (0 = always; default Search:Embeddings:AnnThreshold)." };
        var similarities = new Option<bool>("--similarities") { Description = "Instead of ranking, print each semantic signal's cosine distribution for judged-relevant and other passages (calibrates the similarity floors)." };
        var variants = new Option<string[]>("--variant")
        {
            Description = "Also run hybrid with these Search:Ranking overrides, on the same index, e.g. \"Fusion=Rrf;LsaWeight=0.5\" (repeatable; the text labels the row).",
            AllowMultipleArgumentsPerToken = false,
        };
        var dimensions = new Option<int?>("--dims") { Description = "Dimensions of the PCA projection of the text vectors." };
        var wordNgrams = new Option<int?>("--word-ngrams") { Description = "Word n-gram length of the featurizer." };
        var charNgrams = new Option<int?>("--char-ngrams") { Description = "Character n-gram length of the featurizer (0 = none)." };
        var feedbackWeight = new Option<float?>("--feedback-weight") { Description = "Hybrid: weight of the top lexical hits' vector centroid added to the semantic query (0 = off)." };
        var feedbackPassages = new Option<int?>("--feedback-passages") { Description = "Hybrid: how many top lexical hits feed back into the semantic query." };
        var embedTitle = new Option<bool?>("--embed-title") { Description = "Embed each passage with its document title." };
        var pool = new Option<HybridPool?>("--hybrid-pool") { Description = "Hybrid candidates: Union of both lists, or Lexical (semantic re-ranks BM25's top)." };
        var center = new Option<bool?>("--center") { Description = "Center the TF-IDF vectors before the projection (PCA) instead of plain LSA." };
        var warmUpQueries = new Option<int>("--warmup-queries")
        {
            Description = "Queries run untimed before each mode's timed pass (at most 30 s), so the latency columns time optimised code as a running service does; 0 = none.",
            DefaultValueFactory = _ => RankingWarmUp.Default.Queries,
        };
        warmUpQueries.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--warmup-queries must be 0 or more.");
            }
        });
        var answers = new Option<FileInfo?>("--answers") { Description = "Run an answer test set (e.g. eval/answers/answers.jsonl) through /ask over the seeds instead: accuracy, no-answer precision/recall, calibration." };

        var command = new Command("eval", "Run a relevance test and print nDCG@10, MRR@10, Recall@100, MAP@100 and P@10 per mode.")
        {
            beir, split, devSet, qrels, judgments, run, mode, folds, leaves, trees, rate, minLeaf, json, k1, b, titleBoost, sectionBoost, stopWords,
            rrfK, depth, lexicalWeight, lsaWeight, encoderWeight, fusion, normalization, lsaFloor, encoderFloor, annThreshold, variants, similarities, dimensions, wordNgrams, charNgrams, center, feedbackWeight, feedbackPassages, embedTitle, pool, answers, warmUpQueries,
        };
        var encoder = new EncoderCliOptions();
        encoder.AddTo(command);
        var comparison = new EvalComparison();
        comparison.AddTo(command);
        command.SetAction(parse =>
        {
            EvalComparison.Request compare;
            try
            {
                compare = comparison.Read(parse);
            }
            catch (EvalComparison.UsageException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }

            var options = CliSettings.Load();
            encoder.Apply(parse, options);
            options.Ranking.K1 = parse.GetValue(k1) ?? options.Ranking.K1;
            options.Ranking.B = parse.GetValue(b) ?? options.Ranking.B;
            options.Ranking.TitleBoost = parse.GetValue(titleBoost) ?? options.Ranking.TitleBoost;
            options.Ranking.SectionBoost = parse.GetValue(sectionBoost) ?? options.Ranking.SectionBoost;
            options.Analysis.StopWords = parse.GetValue(stopWords) ?? options.Analysis.StopWords;
            options.Ranking.RrfK = parse.GetValue(rrfK) ?? options.Ranking.RrfK;
            options.Ranking.CandidateDepth = parse.GetValue(depth) ?? options.Ranking.CandidateDepth;
            options.Ranking.LexicalWeight = parse.GetValue(lexicalWeight) ?? options.Ranking.LexicalWeight;
            options.Ranking.LsaWeight = parse.GetValue(lsaWeight) ?? options.Ranking.LsaWeight;
            options.Ranking.EncoderWeight = parse.GetValue(encoderWeight) ?? options.Ranking.EncoderWeight;
            options.Ranking.Fusion = parse.GetValue(fusion) ?? options.Ranking.Fusion;
            options.Ranking.Normalization = parse.GetValue(normalization) ?? options.Ranking.Normalization;
            options.Ranking.LsaFloor = parse.GetValue(lsaFloor) ?? options.Ranking.LsaFloor;
            options.Ranking.EncoderFloor = parse.GetValue(encoderFloor) ?? options.Ranking.EncoderFloor;
            options.Embeddings.AnnThreshold = parse.GetValue(annThreshold) ?? options.Embeddings.AnnThreshold;
            options.Embedding.Dimensions = parse.GetValue(dimensions) ?? options.Embedding.Dimensions;
            options.Ranking.FeedbackWeight = parse.GetValue(feedbackWeight) ?? options.Ranking.FeedbackWeight;
            options.Ranking.FeedbackPassages = parse.GetValue(feedbackPassages) ?? options.Ranking.FeedbackPassages;
            options.Embedding.WordNgrams = parse.GetValue(wordNgrams) ?? options.Embedding.WordNgrams;
            options.Embedding.CharNgrams = parse.GetValue(charNgrams) ?? options.Embedding.CharNgrams;
            options.Embedding.CenterData = parse.GetValue(center) ?? options.Embedding.CenterData;
            options.Embedding.IncludeTitle = parse.GetValue(embedTitle) ?? options.Embedding.IncludeTitle;
            options.Ranking.HybridPool = parse.GetValue(pool) ?? options.Ranking.HybridPool;

            if (parse.GetValue(answers) is { } answerSet)
            {
                return RunAnswers(answerSet, options);
            }

            var learnedOnly = string.Equals(parse.GetValue(mode), "learned", StringComparison.OrdinalIgnoreCase);
            // Learned is reported beside lexical and hybrid on the same folds.
            IReadOnlyList<SearchMode> modes = [SearchMode.Lexical, SearchMode.Hybrid];
            if (!learnedOnly && !TryParseModes(parse.GetValue(mode)!, out modes))
            {
                Console.Error.WriteLine($"mode: unknown mode '{parse.GetValue(mode)}'; use lexical, semantic, hybrid, learned or all.");
                return 2;
            }

            // Modes a --baseline or --fail-if-worse-than names are run too, but only compared with.
            var addedForReference = compare.ExtraModes.Where(m => !modes.Contains(m)).ToList();
            modes = [.. modes, .. addedForReference];
            var learnedFolds = parse.GetValue(folds) ?? (learnedOnly || compare.NeedsLearned ? 5 : null);
            if (learnedFolds is < 2)
            {
                Console.Error.WriteLine("folds: use at least 2.");
                return 2;
            }

            IReadOnlyList<RankingVariant> compared;
            try
            {
                compared = (parse.GetValue(variants) ?? []).Select(spec => RankingVariants.Parse(spec, options.Ranking)).ToList();
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine($"variant: {ex.Message}");
                return 2;
            }

            try
            {
                // Vectors cost time to fit; a lexical-only run does not build them (the learned ranker's features use them).
                options.SemanticEnabled = modes.Any(m => m != SearchMode.Lexical) || learnedFolds is not null || compared.Count > 0;
                var subject = parse.GetValue(judgments) is { } judged
                    ? JudgmentsSource.Subject(judged, options)
                    : Subject(parse.GetValue(beir), parse.GetValue(split)!, parse.GetValue(devSet), parse.GetValue(qrels), options);
                if (parse.GetValue(similarities))
                {
                    options.SemanticEnabled = true;
                    foreach (var distribution in SimilarityCalibration.Measure(subject, options))
                    {
                        Console.WriteLine(distribution.Render(subject.Name, [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5]));
                    }

                    return 0;
                }

                using var bar = new StageProgress();
                var defaults = new SearchService.Engine.Ranking.Learned.LightGbmSettings();
                var settings = new SearchService.Engine.Ranking.Learned.LightGbmSettings(
                    parse.GetValue(leaves) ?? defaults.Leaves, parse.GetValue(trees) ?? defaults.Trees,
                    parse.GetValue(rate) ?? defaults.LearningRate, parse.GetValue(minLeaf) ?? defaults.MinimumExamplesPerLeaf);
                var report = RelevanceEvaluation.Run(
                    subject, options, modes, bar, learnedFolds, settings, compared, RankingWarmUp.Default with { Queries = parse.GetValue(warmUpQueries) });
                bar.Dispose();
                WriteRuns(report, parse.GetValue(run));
                var (comparisons, failures) = compare.Apply(report, subject.Qrels, addedForReference);
                Console.WriteLine(parse.GetValue(json)
                    ? JsonSerializer.Serialize(ToJson(report, compare.PerQuery, comparisons), CliJson.Options)
                    : Render(report) + RenderComparisons(report, compare.PerQuery, comparisons));
                if (failures.Count > 0)
                {
                    // One line, so a CI log shows the reason next to the exit code.
                    Console.Error.WriteLine($"eval: gate failed: {string.Join("; ", failures)}");
                    return 1;
                }

                return 0;
            }
            catch (EvalComparison.UsageException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }
            catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or ArgumentException)
            {
                Console.Error.WriteLine($"eval: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    internal static EvaluationSubject Subject(DirectoryInfo? beir, string split, FileInfo? devSet, FileInfo? qrels, SearchOptions options)
    {
        var judgments = qrels is null ? null : QrelsReader.Read(qrels.FullName);
        if (beir is not null)
        {
            return EvaluationSubject.FromBeir(BeirDataset.Load(beir.FullName, split), beir.Name, judgments);
        }

        var devSetPath = devSet?.FullName ?? DevSet.DefaultPath(SearchPaths.FindRepositoryRoot(AppContext.BaseDirectory) ?? Directory.GetCurrentDirectory());
        return EvaluationSubject.FromDevSet(DevSet.Load(devSetPath), SearchPaths.Resolve(options.SeedsPath), judgments);
    }

    private static int RunAnswers(FileInfo answerSet, SearchOptions options)
    {
        try
        {
            var report = AnswerEvaluation.Run(AnswerSet.Load(answerSet.FullName), SearchPaths.Resolve(options.SeedsPath), options);
            Console.WriteLine(report.Render());
            return 0;
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"eval: {ex.Message}");
            return 2;
        }
    }

    private static bool TryParseModes(string value, out IReadOnlyList<SearchMode> modes)
    {
        if (string.Equals(value, "all", StringComparison.OrdinalIgnoreCase))
        {
            // Learned is not a retrieval mode the runner can call: it is cross-validated separately (--folds).
            modes = Enum.GetValues<SearchMode>().Where(m => m != SearchMode.Learned).ToArray();
            return true;
        }

        var ok = Enum.TryParse<SearchMode>(value, ignoreCase: true, out var single) && Enum.IsDefined(single) && !int.TryParse(value, out _);
        modes = ok ? [single] : [];
        return ok;
    }

    private static void WriteRuns(EvaluationReport report, FileInfo? run)
    {
        if (run is null)
        {
            return;
        }

        foreach (var outcome in report.Modes)
        {
            var tag = outcome.Mode.ToString().ToLowerInvariant();
            var path = report.Modes.Count == 1
                ? run.FullName
                : Path.Combine(run.DirectoryName ?? ".", $"{Path.GetFileNameWithoutExtension(run.Name)}.{tag}{run.Extension}");
            TrecRunWriter.WriteFile(path, outcome.Run.Run, $"searchservice-{tag}");
            Console.Error.WriteLine($"wrote {path}");
        }

        if (report.Learned is { } learned)
        {
            var path = Path.Combine(run.DirectoryName ?? ".", $"{Path.GetFileNameWithoutExtension(run.Name)}.learned{run.Extension}");
            TrecRunWriter.WriteFile(path, learned.Run.Run, "searchservice-learned");
            Console.Error.WriteLine($"wrote {path}");
        }
    }

    /// <summary>Per-fold lines and the paired randomization test of learned vs lexical nDCG@10.</summary>
    /// <summary>
    /// Per fold and overall, each ranker's nDCG@10, MRR@10, Recall@100 and MAP@100 on the same held-out queries
    /// (hybrid when it was run), then the learned-vs-lexical nDCG@10 gain and its p-value.
    /// </summary>
    internal static string RenderLearned(LearnedEvaluation learned, EvaluationResult? hybrid = null)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine();
        text.AppendLine($"learned: LightGBM LambdaRank re-ranking the hybrid top {SearchService.Engine.Ranking.Learned.RankingFeatures.CandidateDepth}, {learned.Folds}-fold cross-validation by query-id hash (features {SearchService.Engine.Ranking.Learned.RankingFeatures.Version})");
        text.AppendLine("                      nDCG@10  MRR@10  R@100  MAP@100");
        foreach (var fold in learned.PerFold)
        {
            text.AppendLine(FormattableString.Invariant(
                $"  fold {fold.Fold}: trained on {fold.TrainedOn.Count} queries ({fold.InformativeTrainingQueries} informative), ranked {fold.Tested.Count}"));
            AppendRankers(text, learned, hybrid, fold.Tested);
        }

        var all = learned.Learned.PerQuery.Select(q => q.QueryId).ToList();
        text.AppendLine(FormattableString.Invariant($"  overall ({all.Count} queries)"));
        AppendRankers(text, learned, hybrid, all);
        text.AppendLine(FormattableString.Invariant(
            $"  nDCG@10 lexical {learned.Lexical.Mean.NdcgAt10:F3} -> learned {learned.Learned.Mean.NdcgAt10:F3} ({learned.Learned.Mean.NdcgAt10 - learned.Lexical.Mean.NdcgAt10:+0.000;-0.000}), paired randomization p = {learned.PValue:F4} ({CrossValidation.Permutations} permutations)"));
        return text.ToString();
    }

    private static void AppendRankers(System.Text.StringBuilder text, LearnedEvaluation learned, EvaluationResult? hybrid, IReadOnlyList<string> queries)
    {
        AppendMetrics(text, "lexical", learned.Lexical.MeanOver(queries));
        if (hybrid is not null)
        {
            AppendMetrics(text, "hybrid", hybrid.MeanOver(queries));
        }

        AppendMetrics(text, "learned", learned.Learned.MeanOver(queries));
    }

    private static void AppendMetrics(System.Text.StringBuilder text, string ranker, MetricSet mean) =>
        text.AppendLine(FormattableString.Invariant($"    {ranker,-16}  {mean.NdcgAt10,7:F3} {mean.MrrAt10,7:F3} {mean.RecallAt100,6:F3} {mean.MapAt100,8:F3}"));

    private static string Render(EvaluationReport report) =>
        MetricsTable.Render(report.Rows) +
        (report.Learned is null ? "" : RenderLearned(report.Learned, report.Modes.FirstOrDefault(m => m.Mode == SearchMode.Hybrid)?.Result)) +
        $"\n{report.Documents} documents indexed in {report.IndexSeconds:F2} s ({report.IndexBytes / 1048576.0:F2} MB); {report.Queries} judged queries, latency per query: median / p99 in the table.\n";

    private static string RenderComparisons(EvaluationReport report, bool perQuery, IReadOnlyList<RunComparison> comparisons) =>
        (perQuery ? "\nper query:\n" + PerQueryTable.Render(EvalComparison.Runs(report)) : "") +
        string.Concat(comparisons.Select(c => "\n" + c.Render()));

    private static object ToJson(EvaluationReport report, bool perQuery = false, IReadOnlyList<RunComparison>? comparisons = null) => new
    {
        report.Dataset,
        report.Documents,
        report.Queries,
        report.IndexSeconds,
        IndexMegabytes = report.IndexBytes / 1048576.0,
        Modes = report.Modes.Select(m => new
        {
            Mode = m.Mode.ToString().ToLowerInvariant(),
            m.Result.Mean,
            Latency = m.Run.Latency,
            QueriesWithoutRelevant = m.Result.QueriesWithoutRelevant,
            PerQuery = perQuery ? m.Result.PerQuery : null,
        }),
        Variants = report.Variants.Select(v => new { v.Label, v.Result.Mean, Latency = v.Run.Latency, PerQuery = perQuery ? v.Result.PerQuery : null }),
        Learned = report.Learned is null ? null : new
        {
            report.Learned.Folds,
            report.Learned.Learned.Mean,
            Lexical = report.Learned.Lexical.Mean,
            Latency = report.Learned.Run.Latency,
            report.Learned.PValue,
            PerQuery = perQuery ? report.Learned.Learned.PerQuery : null,
            PerFold = report.Learned.PerFold.Select(f => new
            {
                f.Fold,
                Trained = f.TrainedOn.Count,
                Ranked = f.Tested.Count,
                f.LexicalNdcgAt10,
                f.LearnedNdcgAt10,
                Lexical = report.Learned.Lexical.MeanOver(f.Tested),
                Hybrid = report.Modes.FirstOrDefault(m => m.Mode == SearchMode.Hybrid)?.Result.MeanOver(f.Tested),
                Learned = report.Learned.Learned.MeanOver(f.Tested),
            }),
        },
        Comparisons = comparisons ?? [],
    };

    /// <summary>One progress bar per stage (indexing, then each mode's queries).</summary>
    private sealed class StageProgress : IProgress<EvaluationProgress>, IDisposable
    {
        private ConsoleProgress? _bar;
        private string? _stage;

        public void Report(EvaluationProgress value)
        {
            if (value.Stage != _stage)
            {
                _bar?.Dispose();
                _bar = new ConsoleProgress(value.Stage, value.Total);
                _stage = value.Stage;
            }

            _bar!.Report(value.Done);
        }

        public void Dispose() => _bar?.Dispose();
    }
}
