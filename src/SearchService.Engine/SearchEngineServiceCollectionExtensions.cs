using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SearchService.Engine.Answers;
using SearchService.Engine.Indexing;
using SearchService.Engine.Ingestion;
using SearchService.Engine.Retrieval;

namespace SearchService.Engine;

public static class SearchEngineServiceCollectionExtensions
{
    /// <summary>Registers the engine: options (bound by the caller), the index, the indexing worker and the search services.</summary>
    public static IServiceCollection AddSearchEngineCore(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SearchOptions>>().Value);
        services.AddSingleton<IValidateOptions<SearchOptions>, QueryLimitsValidation>();
        services.AddOptions<SearchOptions>()
            .Validate(o => o.Answers.IsValid, "Search:Answers:MinConfidence must be between 0 and 1.")
            .Validate(o => o.Embeddings.AnnThreshold >= 0, "Search:Embeddings:AnnThreshold must be 0 or more.")
            .Validate(o => o.Embeddings.Graph.Problem() is null, "Search:Embeddings:Graph: Connectivity must be 4–64, ExpansionAdd and ExpansionSearch 16–4096, RescoreCandidates 0–4096, Quantization Int8, Float16 or Float32.")
            .Validate(o => o.Embedding.FitSample >= 2, "Search:Embedding:FitSample must be at least 2.")
            .ValidateOnStart();
        services.AddSingleton<ArticleParser>();
        services.AddSingleton<IndexHandle>();
        services.AddSingleton<IndexStatus>();
        services.AddSingleton<Telemetry.SearchMetrics>();
        services.AddSingleton<IPassMetrics>(provider => provider.GetRequiredService<Telemetry.SearchMetrics>());
        services.AddSingleton<ReindexRequests>();
        services.AddSingleton(sp => new Pushing.PushedStore(sp.GetRequiredService<IOptions<SearchOptions>>().Value.ResolvedPushedPath));
        services.AddSingleton<Ranking.Learned.LearnedModel>();
        services.AddHostedService<Ranking.Learned.LearnedModelLoader>();
        services.AddSingleton<SearchEngine>();
        services.AddSingleton<Suggest.Suggester>();
        services.AddSingleton<DocumentCatalog>();
        services.AddSingleton<AnswerExtractor>();
        services.AddHostedService<IndexingWorker>();
        return services;
    }
}
