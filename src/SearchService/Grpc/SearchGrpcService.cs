using Grpc.Core;
using SearchService.Engine.Answers;
using SearchService.Engine.Retrieval;
using Proto = SearchService.Grpc.V1;

namespace SearchService.Grpc;

/// <summary>
/// The gRPC surface (<c>searchservice.v1.SearchService</c>): the HTTP API's operations over the same engine, with the
/// same validation. Failures are mapped to statuses by <see cref="GrpcExceptionInterceptor"/>.
/// </summary>
public sealed class SearchGrpcService(SearchService.Api.SearchFront front, DocumentCatalog catalog, AnswerExtractor answers, SearchService.Engine.Suggest.Suggester suggester) : Proto.SearchService.SearchServiceBase
{
    public override Task<Proto.SuggestResponse> Suggest(Proto.SuggestRequest request, ServerCallContext context)
    {
        var suggest = SearchService.Engine.Suggest.SuggestRequest.Validate(request.Q, request.HasK ? request.K : null);
        if (!suggest.IsValid)
        {
            throw InvalidArgument(suggest.Errors);
        }

        return Task.FromResult(GrpcContractMapper.ToProto(suggester.Suggest(suggest.Value!)));
    }

    public override async Task<Proto.SearchResponse> Search(Proto.SearchRequest request, ServerCallContext context)
    {
        var search = SearchRequestValidator.Validate(GrpcContractMapper.ToInput(request));
        if (!search.IsValid)
        {
            throw InvalidArgument(search.Errors);
        }

        return GrpcContractMapper.ToProto(await front.Search(search.Value!, context.CancellationToken));
    }

    public override Task<Proto.AskResponse> Ask(Proto.AskRequest request, ServerCallContext context)
    {
        var ask = SearchRequestValidator.Validate(new SearchInput { Q = request.Q, K = request.HasK ? request.K : AskDefaults.Passages, Mode = request.Mode });
        if (!ask.IsValid)
        {
            throw InvalidArgument(ask.Errors);
        }

        return Task.FromResult(GrpcContractMapper.ToProto(answers.Ask(ask.Value!, context.CancellationToken)));
    }

    public override Task<Proto.DocumentDetail> GetDocument(Proto.GetDocumentRequest request, ServerCallContext context)
    {
        // The id is looked up in the index, never used as a path, so it cannot reach a file outside the sources.
        var document = catalog.Get(request.Id) ?? throw new RpcException(new Status(
            StatusCode.NotFound,
            $"No indexed document has the id '{(request.Id.Length > 100 ? request.Id[..100] + "…" : request.Id)}'. ListDocuments lists them."));
        return Task.FromResult(GrpcContractMapper.ToProto(document));
    }

    public override Task<Proto.ListDocumentsResponse> ListDocuments(Proto.ListDocumentsRequest request, ServerCallContext context) =>
        Task.FromResult(GrpcContractMapper.ToProto(catalog.List()));

    public override Task<Proto.Stats> GetStats(Proto.GetStatsRequest request, ServerCallContext context) =>
        Task.FromResult(GrpcContractMapper.ToProto(catalog.Stats()));

    /// <summary>
    /// The HTTP 400 problem's messages, one line per parameter, each prefixed by the parameter's name:
    /// "k: 'k' must be between 1 and 100; it was 0.".
    /// </summary>
    public static RpcException InvalidArgument(IReadOnlyDictionary<string, string[]> errors) => new(new Status(
        StatusCode.InvalidArgument,
        string.Join('\n', errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")))));
}
