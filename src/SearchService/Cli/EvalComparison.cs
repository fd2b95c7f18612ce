using System.CommandLine;
using SearchService.Engine.Judgments;
using SearchService.Evaluation;
using SearchService.Engine.Retrieval;

namespace SearchService.Cli;

/// <summary>
/// The team-workflow options of <c>eval</c>: <c>--per-query</c>, <c>--baseline RUN_OR_MODE</c> (compare with a paired
/// randomization test), and the CI gate (<c>--fail-below</c>, <c>--fail-if-worse-than</c>).
/// </summary>
internal sealed class EvalComparison
{
    private readonly Option<bool> _perQuery = new("--per-query") { Description = "Add every query's metrics (text: a table after the summary; JSON: perQuery in each mode)." };
    private readonly Option<string?> _baseline = new("--baseline") { Description = "Compare every reported run with this one: a TREC run file or a mode (lexical, semantic, hybrid, learned). Prints both means, the difference, a paired randomization p-value per metric and the queries that gained or lost most." };
    private readonly Option<string[]> _failBelow = new("--fail-below")
    {
        Description = "Exit 1 when a reported run's metric is below MIN: METRIC=MIN or MODE:METRIC=MIN, e.g. ndcg@10=0.70 (repeatable; metrics as printed: nDCG@10, MRR@10, R@100, MAP@100, P@10).",
        AllowMultipleArgumentsPerToken = false,
    };
    private readonly Option<string?> _failIfWorse = new("--fail-if-worse-than") { Description = "Exit 1 when a reported run is worse than this TREC run file or mode on --gate-metric by more than --tolerance (and, with --alpha, significantly)." };
    private readonly Option<string> _gateMetric = new("--gate-metric") { Description = "The metric --fail-if-worse-than compares.", DefaultValueFactory = _ => "ndcg@10" };
    private readonly Option<double> _tolerance = new("--tolerance") { Description = "--fail-if-worse-than: the largest drop (absolute, in metric units) that still passes.", DefaultValueFactory = _ => 0.01 };
    private readonly Option<double?> _alpha = new("--alpha") { Description = "--fail-if-worse-than: also require the drop to be significant (paired randomization p < alpha)." };

    public void AddTo(Command command)
    {
        command.Add(_perQuery);
        command.Add(_baseline);
        command.Add(_failBelow);
        command.Add(_failIfWorse);
        command.Add(_gateMetric);
        command.Add(_tolerance);
        command.Add(_alpha);
    }

    /// <summary>What was asked for, validated before any indexing starts.</summary>
    public Request Read(ParseResult parse)
    {
        var floors = (parse.GetValue(_failBelow) ?? []).Select(spec =>
        {
            try
            {
                return MetricFloor.Parse(spec);
            }
            catch (FormatException ex)
            {
                throw new UsageException("fail-below", ex.Message);
            }
        }).ToList();
        if (!Metric.TryParse(parse.GetValue(_gateMetric), out var gateMetric))
        {
            throw new UsageException("gate-metric", $"'{parse.GetValue(_gateMetric)}' is not a metric eval prints ({Metric.Names}).");
        }

        var tolerance = parse.GetValue(_tolerance);
        if (tolerance is < 0 or > 1 || double.IsNaN(tolerance))
        {
            throw new UsageException("tolerance", "use a number between 0 and 1.");
        }

        var alpha = parse.GetValue(_alpha);
        if (alpha is <= 0 or > 1)
        {
            throw new UsageException("alpha", "use a number in (0, 1], e.g. 0.05.");
        }

        return new Request(
            parse.GetValue(_perQuery),
            Reference.Parse("baseline", parse.GetValue(_baseline)),
            floors,
            Reference.Parse("fail-if-worse-than", parse.GetValue(_failIfWorse)),
            gateMetric,
            tolerance,
            alpha);
    }

    /// <summary>A wrong option value: exit 2 with "name: message".</summary>
    internal sealed class UsageException(string option, string message) : Exception($"{option}: {message}");

    /// <summary>A run to compare with: a TREC run file, or a mode this eval also runs.</summary>
    internal sealed record Reference(string Option, string? RunFile, SearchMode? Mode)
    {
        public string Label => Mode is { } mode ? mode.ToString().ToLowerInvariant() : Path.GetFileName(RunFile!);

        public static Reference? Parse(string option, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (File.Exists(value))
            {
                return new Reference(option, Path.GetFullPath(value), null);
            }

            if (Enum.TryParse<SearchMode>(value, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(value, out _))
            {
                return new Reference(option, null, mode);
            }

            throw new UsageException(option, $"'{value}' is neither a TREC run file nor a mode (lexical, semantic, hybrid, learned).");
        }

        /// <summary>The reference's result on the subject's judgments: the run file measured as trec_eval would, or the mode's row of the report.</summary>
        public EvaluationResult Evaluate(EvaluationReport report, Qrels qrels)
        {
            if (RunFile is not null)
            {
                return Evaluator.Evaluate(qrels, RankingOrder.TrecEval(TrecRunReader.Read(RunFile)));
            }

            return Runs(report).FirstOrDefault(r => r.Label == Label).Result
                ?? throw new UsageException(Option, $"mode {Label} was not run (learned needs --folds or --mode learned).");
        }
    }

    internal sealed record Request(
        bool PerQuery, Reference? Baseline, IReadOnlyList<MetricFloor> Floors, Reference? WorseThan, Metric GateMetric, double Tolerance, double? Alpha)
    {
        /// <summary>Retrieval modes the references need run beside the requested ones (learned is cross-validated, not a mode to run).</summary>
        public IEnumerable<SearchMode> ExtraModes =>
            new[] { Baseline?.Mode, WorseThan?.Mode }.OfType<SearchMode>().Where(m => m != SearchMode.Learned).Distinct();

        /// <summary>A learned reference needs the cross-validated learned ranker.</summary>
        public bool NeedsLearned => Baseline?.Mode == SearchMode.Learned || WorseThan?.Mode == SearchMode.Learned;

        /// <summary>Comparisons with the baseline, and the gate's failures (empty when it passes).</summary>
        /// <param name="addedForReference">Modes run only because a reference named them: compared with, never gated or compared.</param>
        public (IReadOnlyList<RunComparison> Comparisons, IReadOnlyList<string> Failures) Apply(EvaluationReport report, Qrels qrels, IReadOnlyCollection<SearchMode> addedForReference)
        {
            var added = addedForReference.Select(m => m.ToString().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
            var runs = Runs(report).Where(r => !added.Contains(r.Label)).ToList();
            var comparisons = Baseline is null ? [] : Compare(runs, Baseline, report, qrels);
            var failures = QualityGate.BelowFloors(runs, Floors).ToList();
            if (WorseThan is not null)
            {
                failures.AddRange(QualityGate.WorseThanBaseline(Compare(runs, WorseThan, report, qrels), GateMetric, Tolerance, Alpha));
            }

            return (comparisons, failures);
        }

        private static List<RunComparison> Compare(IReadOnlyList<(string Label, EvaluationResult Result)> runs, Reference reference, EvaluationReport report, Qrels qrels)
        {
            var baseline = reference.Evaluate(report, qrels);
            return runs
                .Where(r => r.Label != reference.Label)
                .Select(r => RunComparison.Of(r.Label, r.Result, reference.Label, baseline))
                .ToList();
        }
    }

    /// <summary>Every run of the report by the label the table prints: modes, hybrid variants, learned.</summary>
    internal static IReadOnlyList<(string Label, EvaluationResult Result)> Runs(EvaluationReport report) =>
        report.Modes.Select(m => (m.Mode.ToString().ToLowerInvariant(), m.Result))
            .Concat(report.Variants.Select(v => ($"hybrid[{v.Label}]", v.Result)))
            .Concat(report.Learned is null ? [] : [("learned", report.Learned.Learned)])
            .ToList();
}
