namespace SearchService.Engine.Indexing;

/// <summary>
/// Where the outcome of each indexing pass is recorded (the service's meters, <c>Telemetry.SearchMetrics</c>).
/// An interface so indexing does not depend on the telemetry that observes it.
/// </summary>
public interface IPassMetrics
{
    void RecordPass(SyncReport report);
}
