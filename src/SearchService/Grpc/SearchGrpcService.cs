using Grpc.Core;
using Microsoft.Extensions.Options;
using SearchService.Engine.Answers;
using SearchService.Engine.Retrieval;
using SearchService.Push;
using Proto = SearchService.Grpc.V1;

namespace SearchService.Grpc;

/// <summary>
/// The gRPC surface (<c>searchservice.v1.SearchService</c>): the HTTP API's operations over the same engine, with the
/// same validation. Failures are mapped to statuses by <see cref="GrpcExceptionInterceptor"/>.
/// </summary>
public sealed class SearchGrpcService(
    SearchService.Api.SearchFront front,
    DocumentCatalog catalog,
    DocumentPusher pusher,
    IOptions<AdminOptions> admin) : Proto.SearchService.SearchServiceBase
{
    public override async Task<Proto.SuggestResponse> Suggest(Proto.SuggestRequest request, ServerCallContext context)
    {
        var suggest = SearchService.Engine.Suggest.SuggestRequest.Validate(request.Q, request.HasK ? request.K : null);
        if (!suggest.IsValid)
        {
            throw InvalidArgument(suggest.Errors);
        }

        return GrpcContractMapper.ToProto(await front.Suggest(suggest.Value!, context.CancellationToken));
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

    public override async Task<Proto.AskResponse> Ask(Proto.AskRequest request, ServerCallContext context)
    {
        var ask = SearchRequestValidator.Validate(new SearchInput { Q = request.Q, K = request.HasK ? request.K : AskDefaults.Passages, Mode = request.Mode });
        if (!ask.IsValid)
        {
            throw InvalidArgument(ask.Errors);
        }

        return GrpcContractMapper.ToProto(await front.Ask(ask.Value!, context.CancellationToken));
    }

    public override async Task<Proto.DocumentDetail> GetDocument(Proto.GetDocumentRequest request, ServerCallContext context)
    {
        // The id is looked up in the index, never used as a path, so it cannot reach a file outside the sources.
        var document = await front.GetDocument(request.Id, context.CancellationToken) ?? throw new RpcException(new Status(
            StatusCode.NotFound,
            $"No indexed document has the id '{(request.Id.Length > 100 ? request.Id[..100] + "…" : request.Id)}'. ListDocuments lists them."));
        return GrpcContractMapper.ToProto(document);
    }

    public override async Task<Proto.ListDocumentsResponse> ListDocuments(Proto.ListDocumentsRequest request, ServerCallContext context) =>
        GrpcContractMapper.ToProto(await front.ListDocuments(context.CancellationToken));

    public override Task<Proto.Stats> GetStats(Proto.GetStatsRequest request, ServerCallContext context) =>
        Task.FromResult(GrpcContractMapper.ToProto(catalog.Stats()));

    /// <summary>
    /// HTTP <c>PUT /documents/{id}</c> with a JSON body: the same checks in the same order (key, id, size, fields),
    /// then the same <see cref="DocumentPusher"/>.
    /// </summary>
    public override async Task<Proto.PutDocumentResponse> PutDocument(Proto.PutDocumentRequest request, ServerCallContext context)
    {
        GrpcPushStatus.RequireAdminKey(context, admin.Value);
        if (await pusher.CheckTargetAsync(request.Id, context.CancellationToken) is { } target)
        {
            throw GrpcPushStatus.ToRpcException(target);
        }

        if (request.CalculateSize() > pusher.MaxDocumentBytes)
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                $"The document is {request.CalculateSize()} bytes; Search:Admin:MaxDocumentBytes allows {pusher.MaxDocumentBytes}."));
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var body = GrpcContractMapper.ToPushBody(request, errors);
        var document = PushValidation.Check(body, errors);
        if (document is null || errors.Count > 0)
        {
            throw InvalidArgument(errors);
        }

        var outcome = await pusher.PutAsync(request.Id, document, !request.HasWait || request.Wait, context.CancellationToken);
        return outcome.Failure is { } failure ? throw GrpcPushStatus.ToRpcException(failure) : GrpcContractMapper.ToPutResponse(outcome);
    }

    /// <summary>HTTP <c>DELETE /documents/{id}</c>: only pushed documents; NOT_FOUND for an id never pushed.</summary>
    public override async Task<Proto.DeleteDocumentResponse> DeleteDocument(Proto.DeleteDocumentRequest request, ServerCallContext context)
    {
        GrpcPushStatus.RequireAdminKey(context, admin.Value);
        var outcome = await pusher.DeleteAsync(request.Id, !request.HasWait || request.Wait, context.CancellationToken);
        return outcome.Failure is { } failure
            ? throw GrpcPushStatus.ToRpcException(failure)
            : new Proto.DeleteDocumentResponse { DocumentId = outcome.DocumentId, Status = GrpcContractMapper.ToProto(outcome.Status) };
    }

    /// <summary>
    /// The HTTP 400 problem's messages, one line per parameter, each prefixed by the parameter's name:
    /// "k: 'k' must be between 1 and 100; it was 0.".
    /// </summary>
    public static RpcException InvalidArgument(IReadOnlyDictionary<string, string[]> errors) => new(new Status(
        StatusCode.InvalidArgument,
        string.Join('\n', errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")))));
}
