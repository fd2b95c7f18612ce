using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Answers;
using SearchService.Engine.Retrieval;
using Proto = SearchService.Grpc.V1;

namespace SearchService.Grpc;

/// <summary>
/// The one mapping from the engine's records to the gRPC messages. The HTTP API serializes the same records directly,
/// so each value here is written exactly as the HTTP JSON writes it: enums as camelCase names, dates in
/// System.Text.Json's ISO 8601 form, JSON nulls as unset <c>optional</c> fields.
/// </summary>
public static class GrpcContractMapper
{
    public static Proto.SearchResponse ToProto(SearchResponse response)
    {
        var message = new Proto.SearchResponse
        {
            Query = response.Query,
            Total = response.Total,
            TookMs = response.TookMs,
            Mode = CamelCase(response.Mode),
            Degraded = response.Degraded,
        };
        message.Results.AddRange(response.Results.Select(ToProto));
        message.Notes.AddRange(response.Notes ?? []);
        foreach (var (field, values) in response.Facets ?? new Dictionary<string, IReadOnlyList<SearchService.Engine.Facets.FacetValue>>())
        {
            var facet = new Proto.FacetValues();
            facet.Values.AddRange(values.Select(v => new Proto.FacetValue { Value = v.Value, Count = v.Count, Label = v.Label }));
            message.Facets.Add(field, facet);
        }

        if (response.DidYouMean is not null)
        {
            message.DidYouMean = response.DidYouMean;
        }

        return message;
    }

    public static Proto.SuggestResponse ToProto(SearchService.Engine.Suggest.SuggestResponse response)
    {
        var message = new Proto.SuggestResponse();
        foreach (var suggestion in response.Suggestions)
        {
            var item = new Proto.Suggestion { Text = suggestion.Text, Kind = CamelCase(suggestion.Kind) };
            if (suggestion.DocumentId is not null)
            {
                item.DocumentId = suggestion.DocumentId;
            }

            message.Suggestions.Add(item);
        }

        return message;
    }

    /// <summary>A gRPC search request as the validator's input: the same names and rules as the HTTP parameters.</summary>
    public static SearchInput ToInput(Proto.SearchRequest request) => new()
    {
        Q = request.Q,
        K = request.HasK ? request.K : null,
        Offset = request.HasOffset ? request.Offset : null,
        Mode = request.Mode,
        Syntax = request.Syntax,
        Explain = request.Explain,
        DocumentId = [.. request.DocumentId],
        Kind = [.. request.Kind],
        PublishedFrom = request.PublishedFrom,
        PublishedTo = request.PublishedTo,
        Facets = [.. request.Facets],
        Sort = request.Sort,
    };

    /// <summary>
    /// A gRPC push as the HTTP JSON body it mirrors: same field names; unset optional fields are the JSON's absent
    /// ones, and <c>published</c>, a string here, is read by the JSON date parser (an error under "published").
    /// </summary>
    public static SearchService.Push.PushBody ToPushBody(Proto.PutDocumentRequest request, Dictionary<string, string[]> errors) => new()
    {
        Title = request.Title,
        Text = request.Text,
        Published = SearchService.Push.PushValidation.ParsePublished(request.HasPublished ? request.Published : null, errors),
        Url = request.HasUrl ? request.Url : null,
        Publisher = request.HasPublisher ? request.Publisher : null,
    };

    public static Proto.PutDocumentResponse ToPutResponse(SearchService.Push.PushOutcome outcome)
    {
        var message = new Proto.PutDocumentResponse
        {
            DocumentId = outcome.DocumentId,
            Replaced = outcome.Replaced,
            Status = ToProto(outcome.Status),
            PassageCount = outcome.Document?.PassageCount ?? 0,
        };
        if (outcome.Document is { } document)
        {
            message.Document = ToProto(document);
        }

        return message;
    }

    /// <summary>"indexed", "pending" or "deleted", as the HTTP JSON's <c>status</c>.</summary>
    public static string ToProto(SearchService.Push.PushStatus status) => CamelCase(status);

    public static Proto.AskResponse ToProto(AskResponse response)
    {
        var message = new Proto.AskResponse
        {
            Query = response.Query,
            Reason = response.Reason ?? "",
            TookMs = response.TookMs,
            IsQuestion = response.IsQuestion,
        };
        if (response.Answer is { } answer)
        {
            message.Answer = new Proto.Answer
            {
                Text = answer.Text,
                Citation = ToProto(answer.Citation),
                SentenceCharStart = answer.CharStart,
                SentenceCharEnd = answer.CharEnd,
                Confidence = answer.Confidence,
                PassageId = answer.PassageId,
                SentenceStart = answer.SentenceStart,
                SentenceEnd = answer.SentenceEnd,
                Coverage = answer.Coverage,
            };
            message.Answer.Alternatives.AddRange(answer.Alternatives.Select(ToProto));
        }

        message.Passages.AddRange(response.Passages.Select(ToProto));
        return message;
    }

    public static Proto.AnswerAlternative ToProto(AnswerAlternative alternative)
    {
        var message = new Proto.AnswerAlternative
        {
            Text = alternative.Text,
            PassageId = alternative.PassageId,
            SentenceStart = alternative.SentenceStart,
            SentenceEnd = alternative.SentenceEnd,
            CharStart = alternative.CharStart,
            CharEnd = alternative.CharEnd,
            Citation = ToProto(alternative.Citation),
        };
        if (alternative.Published is { } published)
        {
            message.Published = ToIso(published);
        }

        return message;
    }

    public static Proto.SearchHit ToProto(SearchHit hit)
    {
        var message = new Proto.SearchHit
        {
            Rank = hit.Rank,
            Score = hit.Score,
            PassageId = hit.PassageId,
            Text = hit.Text,
            Kind = ToProto(hit.Kind),
            Snippet = hit.Snippet,
            Citation = ToProto(hit.Citation),
        };
        message.Highlights.AddRange(hit.Highlights.Select(h => new Proto.Highlight { Start = h.Start, End = h.End }));
        if (hit.Scores is not null)
        {
            message.Scores = ToProto(hit.Scores);
        }

        return message;
    }

    public static Proto.HitScores ToProto(HitScores scores)
    {
        var message = new Proto.HitScores { Fused = scores.Fused };
        if (scores.Lexical is { } lexical)
        {
            message.Lexical = lexical;
        }

        if (scores.LexicalRank is { } lexicalRank)
        {
            message.LexicalRank = lexicalRank;
        }

        if (scores.Semantic is { } semantic)
        {
            message.Semantic = semantic;
        }

        if (scores.SemanticRank is { } semanticRank)
        {
            message.SemanticRank = semanticRank;
        }

        // Maps have no unset state: null in the HTTP JSON (other modes) is an empty map here.
        message.Features.Add(scores.Features?.ToDictionary() ?? []);
        message.Contributions.Add(scores.Contributions?.ToDictionary() ?? []);
        foreach (var (name, signal) in scores.Signals ?? new Dictionary<string, SearchService.Engine.Retrieval.SignalScore>())
        {
            message.Signals.Add(name, ToProto(signal));
        }

        return message;
    }

    public static Proto.SignalScore ToProto(SearchService.Engine.Retrieval.SignalScore signal)
    {
        var message = new Proto.SignalScore { Normalized = signal.Normalized, Weight = signal.Weight };
        if (signal.Raw is { } raw)
        {
            message.Raw = raw;
        }

        if (signal.Rank is { } rank)
        {
            message.Rank = rank;
        }

        return message;
    }

    public static Proto.Citation ToProto(Citation citation)
    {
        var message = new Proto.Citation
        {
            Paragraph = citation.Paragraph,
            CharStart = citation.CharStart,
            CharEnd = citation.CharEnd,
            LineStart = citation.LineStart,
            LineEnd = citation.LineEnd,
            Metadata = ToProto(citation.Metadata),
        };
        if (citation.Section is not null)
        {
            message.Section = citation.Section;
        }

        return WithFlatMetadata(message, message.Metadata);
    }

    public static Proto.DocumentSummary ToProto(DocumentSummary document)
    {
        var message = new Proto.DocumentSummary
        {
            PassageCount = document.PassageCount,
            Status = CamelCase(document.Status),
            Metadata = ToProto(document.Metadata),
        };
        if (document.IndexedAt is { } indexedAt)
        {
            message.IndexedAt = ToIso(indexedAt);
        }

        if (document.ContentHash is not null)
        {
            message.ContentHash = document.ContentHash;
        }

        if (document.Problem is not null)
        {
            message.Problem = document.Problem;
        }

        return WithFlatMetadata(message, message.Metadata);
    }

    /// <summary>The one metadata mapping, for citations and document summaries alike.</summary>
    public static Proto.DocumentMetadata ToProto(DocumentMetadata metadata)
    {
        var message = new Proto.DocumentMetadata { DocumentId = metadata.DocumentId, Title = metadata.Title, SourcePath = metadata.SourcePath };
        if (metadata.Published is { } published)
        {
            message.Published = ToIso(published);
        }

        if (metadata.Publisher is not null)
        {
            message.Publisher = metadata.Publisher;
        }

        if (metadata.Url is not null)
        {
            message.Url = metadata.Url;
        }

        if (metadata.Byline is not null)
        {
            message.Byline = metadata.Byline;
        }

        return message;
    }

    /// <summary>
    /// Fills a message's deprecated flat metadata fields (Citation.title, DocumentSummary.url, …) from its
    /// <c>metadata</c>, by field name, so clients built before <c>metadata</c> existed still read them and the
    /// mapping above stays the only one. A field the message does not have (a citation's byline) is left out.
    /// </summary>
    private static TMessage WithFlatMetadata<TMessage>(TMessage message, Proto.DocumentMetadata metadata)
        where TMessage : IMessage
    {
        foreach (var field in Proto.DocumentMetadata.Descriptor.Fields.InFieldNumberOrder())
        {
            if (message.Descriptor.FindFieldByName(field.Name) is { } flat && (!field.HasPresence || field.Accessor.HasValue(metadata)))
            {
                flat.Accessor.SetValue(message, field.Accessor.GetValue(metadata));
            }
        }

        return message;
    }

    public static Proto.ListDocumentsResponse ToProto(IReadOnlyList<DocumentSummary> documents)
    {
        var message = new Proto.ListDocumentsResponse();
        message.Documents.AddRange(documents.Select(ToProto));
        return message;
    }

    public static Proto.DocumentDetail ToProto(DocumentDetail detail)
    {
        var message = new Proto.DocumentDetail { Document = ToProto(detail.Document), RawText = detail.RawText };
        message.Passages.AddRange(detail.Passages.Select(ToProto));
        return message;
    }

    public static Proto.Passage ToProto(Passage passage)
    {
        var message = new Proto.Passage
        {
            PassageId = passage.PassageId,
            DocumentId = passage.DocumentId,
            Ordinal = passage.Ordinal,
            Kind = ToProto(passage.Kind),
            Text = passage.Text,
            CharStart = passage.CharStart,
            CharEnd = passage.CharEnd,
            LineStart = passage.LineStart,
            LineEnd = passage.LineEnd,
        };
        if (passage.Section is not null)
        {
            message.Section = passage.Section;
        }

        return message;
    }

    public static Proto.Stats ToProto(IndexStats stats)
    {
        var message = new Proto.Stats
        {
            Documents = stats.Documents,
            Passages = stats.Passages,
            IndexSizeBytes = stats.IndexSizeBytes,
            Ready = stats.Ready,
            SkippedSources = stats.SkippedSources,
        };
        if (stats.Recovery is not null)
        {
            message.Recovery = stats.Recovery;
        }

        if (stats.Vectors is { } vectors)
        {
            message.Vectors = new Proto.EncoderProgress { Model = vectors.Model, Encoded = vectors.Encoded, Total = vectors.Total, Complete = vectors.IsComplete };
        }

        if (stats.EncoderError is not null)
        {
            message.EncoderError = stats.EncoderError;
        }

        if (stats.LastIndexedAt is { } lastIndexedAt)
        {
            message.LastIndexedAt = ToIso(lastIndexedAt);
        }

        return message;
    }

    /// <summary>The kind as the HTTP JSON names it (JsonStringEnumConverter with camelCase): "paragraph".</summary>
    public static string ToProto(PassageKind kind) => CamelCase(kind);

    private static string CamelCase<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    /// <summary>As System.Text.Json writes a DateTime: round-trip ISO 8601, fraction without trailing zeros.</summary>
    public static string ToIso(DateTime value) => TrimFraction(value.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>As System.Text.Json writes a DateTimeOffset: "2026-11-23T18:18:42.9809616+00:00".</summary>
    public static string ToIso(DateTimeOffset value) => TrimFraction(value.ToString("O", CultureInfo.InvariantCulture));

    // "O" always writes seven fraction digits after the seconds ("yyyy-MM-ddTHH:mm:ss.fffffff…"); the JSON writer
    // drops trailing zeros, and the whole fraction when it is zero.
    private static string TrimFraction(string roundTrip)
    {
        const int dot = 19;
        const int fractionEnd = dot + 8;
        if (roundTrip.Length < fractionEnd || roundTrip[dot] != '.')
        {
            return roundTrip;
        }

        var last = fractionEnd - 1;
        while (last > dot && roundTrip[last] == '0')
        {
            last--;
        }

        return string.Concat(roundTrip.AsSpan(0, last == dot ? dot : last + 1), roundTrip.AsSpan(fractionEnd));
    }
}
