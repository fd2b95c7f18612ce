using Lucene.Net.Analysis;
using Microsoft.Extensions.Logging;

namespace SearchService.Engine.Embeddings;

/// <summary>A passage's identity in the index, without its text.</summary>
public readonly record struct PassageKey(string PassageId, string DocumentId);

/// <summary>
/// Computes the vector view of a new index generation from the previous one: re-embeds the passages of changed
/// documents with the current model, or refits the model on all passages when the corpus has drifted too far from
/// what it was fitted on (or the settings changed). Unchanged passages keep their rows, and their text is not even read.
/// </summary>
public sealed class VectorIndexer(Analyzer analyzer, EmbeddingOptions options, ILogger logger)
{
    /// <param name="passages">Every live passage of the new generation.</param>
    /// <param name="loadText">
    /// Reads the stored passages of the documents the filter accepts, lazily and in <paramref name="passages"/>' order
    /// (a refit reads them twice: the fit's sample, then every passage, so the corpus is never held in memory).
    /// </param>
    public VectorSet? Build(
        IReadOnlyList<PassageKey> passages,
        Func<Func<string, bool>, IEnumerable<StoredPassage>> loadText,
        VectorSet? previous,
        IReadOnlySet<string> changedDocuments,
        long generation)
    {
        if (passages.Count < 2)
        {
            // Too few passages to fit a projection; semantic retrieval waits for a real corpus.
            return null;
        }

        bool IsFresh(PassageKey p) => changedDocuments.Contains(p.DocumentId) || previous?.TryGetRow(p.PassageId, out _) != true;
        var freshCount = passages.Count(IsFresh);
        var drift = (previous?.ChangedSinceFit ?? 0) + freshCount;
        var refit = previous is null
            || previous.ModelFingerprint != options.Fingerprint
            || drift > options.RefitFraction * passages.Count
            || !previous.TryGetModel(out _);
        return refit
            ? Refit(passages.Count, () => loadText(_ => true), generation)
            : Reembed(passages, previous!, IsFresh, loadText, generation, drift);
    }

    private VectorSet Refit(int count, Func<IEnumerable<StoredPassage>> readAll, long generation)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sampled = FitSample.Rows(count, options.FitSample, options.Seed);
        var ids = new List<string>(count);
        var texts = new List<string>(Math.Min(count, options.FitSample));
        var row = 0;
        foreach (var passage in readAll())
        {
            if (sampled is null || sampled[row])
            {
                texts.Add(TextOf(passage));
            }

            ids.Add(passage.PassageId);
            row++;
        }

        var model = EmbeddingModel.Fit(texts, options);
        var fitted = clock.ElapsedMilliseconds;
        // Fitted on every passage (the corpus is at most the sample): their texts are at hand. Otherwise every passage
        // is read again and embedded as it streams by.
        var vectors = sampled is null ? model.EmbedAll(texts) : model.EmbedAll(readAll(), TextOf, row);
        logger.LogInformation(
            "Fitted the vector model on {Sample} of {Passages} passages ({Dimensions} dimensions) in {Fit} ms, embedded them all in {Elapsed} ms",
            texts.Count, row, model.Dimensions, (int)fitted, (int)clock.ElapsedMilliseconds);
        return new VectorSet(generation, model, ids, vectors, 0);
    }

    private VectorSet Reembed(
        IReadOnlyList<PassageKey> passages,
        VectorSet previous,
        Func<PassageKey, bool> isFresh,
        Func<Func<string, bool>, IEnumerable<StoredPassage>> loadText,
        long generation,
        int drift)
    {
        var dimensions = previous.Vectors.Dimensions;
        var data = new float[passages.Count * dimensions];
        var freshRows = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < passages.Count; i++)
        {
            if (isFresh(passages[i]))
            {
                freshRows[passages[i].PassageId] = i;
            }
            else
            {
                previous.TryGetRow(passages[i].PassageId, out var row);
                previous.Vectors.CopyRow(row, data.AsSpan(i * dimensions, dimensions));
            }
        }

        if (freshRows.Count > 0)
        {
            var freshDocuments = passages.Where(p => freshRows.ContainsKey(p.PassageId)).Select(p => p.DocumentId).ToHashSet(StringComparer.Ordinal);
            var fresh = loadText(freshDocuments.Contains).Where(p => freshRows.ContainsKey(p.PassageId)).ToList();
            var embedded = previous.Model.EmbedAll(fresh.Select(TextOf).ToList());
            for (var j = 0; j < fresh.Count; j++)
            {
                embedded.Row(j).CopyTo(data.AsSpan(freshRows[fresh[j].PassageId] * dimensions, dimensions));
            }
        }

        return new VectorSet(generation, previous.Model, passages.Select(p => p.PassageId).ToList(), new VectorMatrix(data, dimensions), drift);
    }

    private string TextOf(StoredPassage passage) => EmbeddingText.Of(analyzer, options.IncludeTitle ? $"{passage.Title} {passage.Section}" : passage.Section, passage.Text);
}
